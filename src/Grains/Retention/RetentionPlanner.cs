namespace ArtifactKeeper.Retention;

/// <summary>
/// Harbor's <c>or</c> algorithm with deletion per tag, as a pure function of the candidates, the rules and the time.
/// <list type="number">
/// <item>Each rule selects candidates with its tag filter and retains some of them; a candidate is kept when ANY rule
/// retains it (the most permissive rule wins).</item>
/// <item>A candidate no rule retains is still kept when it is protected (see <see cref="RetentionCandidate"/>), when it
/// is an untagged artifact no rule selects (untagged artifacts are deleted only by rules that select them), or when one
/// of its anchors survives (signatures, SBOMs and children of kept artifacts).</item>
/// <item>As in Harbor, a tag outside every rule's selectors is not retained, so it is deleted: retention keeps what
/// the rules name and nothing else.</item>
/// <item>A tag that is not kept is deleted on its own when its artifact survives through another kept tag; otherwise
/// the artifact is deleted with all its tags, and its dependents (untagged signatures, index children) with it.</item>
/// </list>
/// With no rules nothing is deleted (Harbor runs no task for a repository no rule's scope matches). Runs in
/// O(n log n) for n candidates.
/// </summary>
public static class RetentionPlanner
{
    public static RetentionPlan Plan(IReadOnlyList<RetentionCandidate> candidates, IReadOnlyList<CompiledRetentionRule> rules, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.Count == 0)
        {
            return new RetentionPlan(
                candidates.Select(c => new RetentionDecision(c, RetentionActionKind.Skipped, "no enabled rule applies to this repository")).ToList(),
                []);
        }

        var kept = new Dictionary<string, RetentionDecision>(StringComparer.Ordinal);
        var untaggedSelected = Evaluate(candidates, rules, now, kept);

        foreach (var candidate in candidates)
        {
            if (kept.ContainsKey(candidate.Key))
            {
                continue;
            }

            if (candidate.ProtectionReasons.Count > 0)
            {
                kept[candidate.Key] = new RetentionDecision(candidate, RetentionActionKind.Skipped, string.Join("; ", candidate.ProtectionReasons));
            }
            else if (candidate.Tag is null && !candidate.Dependent && !untaggedSelected.Contains(candidate.Key))
            {
                kept[candidate.Key] = new RetentionDecision(candidate, RetentionActionKind.Skipped, "untagged artifact that no rule selects");
            }
        }

        var surviving = PropagateAnchors(candidates, kept);
        var decisions = new List<RetentionDecision>(candidates.Count);
        foreach (var candidate in candidates)
        {
            decisions.Add(kept.TryGetValue(candidate.Key, out var decision) ? decision : Removal(candidate, surviving));
        }

        return new RetentionPlan(decisions, Deletions(decisions));
    }

    /// <summary>Runs every rule; fills <paramref name="kept"/> with the first rule retaining each candidate; returns the untagged keys some rule selected.</summary>
    private static HashSet<string> Evaluate(
        IReadOnlyList<RetentionCandidate> candidates, IReadOnlyList<CompiledRetentionRule> rules, DateTimeOffset now, Dictionary<string, RetentionDecision> kept)
    {
        var untaggedSelected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            var selected = candidates.Where(c => !c.Dependent && rule.Filter.Selects(c)).ToList();
            foreach (var candidate in selected.Where(c => c.Tag is null))
            {
                untaggedSelected.Add(candidate.Key);
            }

            foreach (var candidate in rule.Retain(selected, now))
            {
                kept.TryAdd(candidate.Key, new RetentionDecision(candidate, RetentionActionKind.Retained, "retained by " + rule.Description));
            }
        }

        return untaggedSelected;
    }

    /// <summary>
    /// Marks candidates kept through a surviving anchor, breadth first from the artifacts kept on their own; returns
    /// every surviving artifact digest. Linear in candidates and anchors; cycles cannot loop.
    /// </summary>
    private static HashSet<string> PropagateAnchors(IReadOnlyList<RetentionCandidate> candidates, Dictionary<string, RetentionDecision> kept)
    {
        var dependents = new Dictionary<string, List<(RetentionCandidate Candidate, RetentionAnchor Anchor)>>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            foreach (var anchor in candidate.AnchorList)
            {
                if (!dependents.TryGetValue(anchor.Digest, out var list))
                {
                    list = [];
                    dependents[anchor.Digest] = list;
                }

                list.Add((candidate, anchor));
            }
        }

        var surviving = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        foreach (var decision in kept.Values)
        {
            if (surviving.Add(decision.Candidate.Digest))
            {
                queue.Enqueue(decision.Candidate.Digest);
            }
        }

        while (queue.TryDequeue(out var digest))
        {
            if (!dependents.TryGetValue(digest, out var list))
            {
                continue;
            }

            foreach (var (candidate, anchor) in list)
            {
                if (kept.TryAdd(candidate.Key, new RetentionDecision(candidate, RetentionActionKind.Skipped, $"{anchor.Relation} {anchor.Digest}, which is kept")) &&
                    surviving.Add(candidate.Digest))
                {
                    queue.Enqueue(candidate.Digest);
                }
            }
        }

        return surviving;
    }

    private static RetentionDecision Removal(RetentionCandidate candidate, HashSet<string> surviving)
    {
        if (surviving.Contains(candidate.Digest))
        {
            return candidate.Tag is null
                ? new RetentionDecision(candidate, RetentionActionKind.Skipped, "its artifact is kept")
                : new RetentionDecision(candidate, RetentionActionKind.TagDeleted, "no rule retains the tag; its artifact stays because another of its tags is kept");
        }

        var reason = candidate.Dependent && candidate.AnchorList.Count > 0
            ? string.Join("; ", candidate.AnchorList.Select(a => $"{a.Relation} {a.Digest}, which is deleted"))
            : candidate.Tag is null ? "no rule retains the untagged artifact" : "no rule retains the tag or any other tag of its artifact";
        return new RetentionDecision(candidate, RetentionActionKind.ArtifactDeleted, reason);
    }

    private static List<RetentionDeletion> Deletions(IReadOnlyList<RetentionDecision> decisions)
    {
        var deletions = new List<RetentionDeletion>();
        var artifacts = new Dictionary<string, (List<string> Keys, HashSet<string> Anchors)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var decision in decisions)
        {
            var candidate = decision.Candidate;
            if (decision.Kind == RetentionActionKind.TagDeleted)
            {
                deletions.Add(new RetentionDeletion(RetentionDeletionKind.Tag, candidate.Digest, candidate.Tag, [candidate.Key], []));
            }
            else if (decision.Kind == RetentionActionKind.ArtifactDeleted)
            {
                if (!artifacts.TryGetValue(candidate.Digest, out var artifact))
                {
                    artifact = ([], new HashSet<string>(StringComparer.Ordinal));
                    artifacts[candidate.Digest] = artifact;
                    order.Add(candidate.Digest);
                }

                artifact.Keys.Add(candidate.Key);
                artifact.Anchors.UnionWith(candidate.AnchorList.Select(a => a.Digest));
            }
        }

        foreach (var digest in AnchorsFirst(order, artifacts))
        {
            var (keys, anchors) = artifacts[digest];
            deletions.Add(new RetentionDeletion(
                RetentionDeletionKind.Artifact, digest, null, keys, anchors.Where(artifacts.ContainsKey).Order(StringComparer.Ordinal).ToList()));
        }

        return deletions;
    }

    /// <summary>Orders deleted artifacts so each comes after the deleted artifacts it is anchored to (Kahn; a cycle keeps candidate order).</summary>
    private static List<string> AnchorsFirst(List<string> order, Dictionary<string, (List<string> Keys, HashSet<string> Anchors)> artifacts)
    {
        var waiting = new Dictionary<string, int>(StringComparer.Ordinal);
        var followers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var digest in order)
        {
            var anchors = artifacts[digest].Anchors.Where(a => artifacts.ContainsKey(a) && a != digest).ToList();
            waiting[digest] = anchors.Count;
            foreach (var anchor in anchors)
            {
                if (!followers.TryGetValue(anchor, out var list))
                {
                    list = [];
                    followers[anchor] = list;
                }

                list.Add(digest);
            }
        }

        var result = new List<string>(order.Count);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var ready = new Queue<string>(order.Where(d => waiting[d] == 0));
        while (result.Count < order.Count)
        {
            if (!ready.TryDequeue(out var next))
            {
                next = order.First(d => !done.Contains(d));
            }

            if (!done.Add(next))
            {
                continue;
            }

            result.Add(next);
            foreach (var follower in followers.GetValueOrDefault(next) ?? [])
            {
                if (--waiting[follower] == 0 && !done.Contains(follower))
                {
                    ready.Enqueue(follower);
                }
            }
        }

        return result;
    }
}
