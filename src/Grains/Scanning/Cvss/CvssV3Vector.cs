namespace ArtifactKeeper.Scanning.Cvss;

/// <summary>
/// A parsed CVSS v3.0 or v3.1 vector ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H") and its base score, per the
/// FIRST specification (§7.1 base equations, Appendix A Roundup). The eight base metrics are required, each once;
/// temporal and environmental metrics are accepted when well-formed (they do not change the base score); anything
/// else (unknown metric, bad value, duplicate, missing prefix, other versions) is refused.
/// </summary>
public sealed record CvssV3Vector(
    string Version,
    char AttackVector,
    char AttackComplexity,
    char PrivilegesRequired,
    char UserInteraction,
    char Scope,
    char Confidentiality,
    char Integrity,
    char Availability)
{
    private static readonly Dictionary<string, string> BaseMetrics = new(StringComparer.Ordinal)
    {
        ["AV"] = "NALP",
        ["AC"] = "LH",
        ["PR"] = "NLH",
        ["UI"] = "NR",
        ["S"] = "UC",
        ["C"] = "HLN",
        ["I"] = "HLN",
        ["A"] = "HLN",
    };

    private static readonly Dictionary<string, string> OtherMetrics = new(StringComparer.Ordinal)
    {
        ["E"] = "XUPFH",
        ["RL"] = "XOTWU",
        ["RC"] = "XURC",
        ["CR"] = "XLMH",
        ["IR"] = "XLMH",
        ["AR"] = "XLMH",
        ["MAV"] = "XNALP",
        ["MAC"] = "XLH",
        ["MPR"] = "XNLH",
        ["MUI"] = "XNR",
        ["MS"] = "XUC",
        ["MC"] = "XHLN",
        ["MI"] = "XHLN",
        ["MA"] = "XHLN",
    };

    public bool ScopeChanged => Scope == 'C';

    /// <summary>Parses a v3.0/v3.1 vector; false for anything else, v2 and v4 vectors included.</summary>
    public static bool TryParse(string? text, out CvssV3Vector? vector)
    {
        vector = null;
        if (text is null)
            return false;

        var parts = text.Trim().Split('/');
        if (parts[0] is not ("CVSS:3.0" or "CVSS:3.1"))
            return false;

        var values = new Dictionary<string, char>(StringComparer.Ordinal);
        foreach (var part in parts.Skip(1))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon != part.Length - 2)
                return false;
            var metric = part[..colon];
            var value = part[^1];
            var allowed = BaseMetrics.GetValueOrDefault(metric) ?? OtherMetrics.GetValueOrDefault(metric);
            if (allowed is null || !allowed.Contains(value, StringComparison.Ordinal) || !values.TryAdd(metric, value))
                return false;
        }

        if (!BaseMetrics.Keys.All(values.ContainsKey))
            return false;

        vector = new CvssV3Vector(
            parts[0][5..], values["AV"], values["AC"], values["PR"], values["UI"], values["S"], values["C"], values["I"], values["A"]);
        return true;
    }

    /// <summary>The base score, 0.0 to 10.0 with one decimal.</summary>
    public double BaseScore
    {
        get
        {
            var impactSubScore = 1 - ((1 - Impact(Confidentiality)) * (1 - Impact(Integrity)) * (1 - Impact(Availability)));
            var impact = ScopeChanged
                ? (7.52 * (impactSubScore - 0.029)) - (3.25 * Math.Pow(impactSubScore - 0.02, 15))
                : 6.42 * impactSubScore;
            if (impact <= 0)
                return 0;

            var exploitability = 8.22 * AttackVectorWeight * AttackComplexityWeight * PrivilegesWeight * UserInteractionWeight;
            var sum = ScopeChanged ? 1.08 * (impact + exploitability) : impact + exploitability;
            return Roundup(Math.Min(sum, 10));
        }
    }

    private double AttackVectorWeight => AttackVector switch { 'N' => 0.85, 'A' => 0.62, 'L' => 0.55, _ => 0.2 };

    private double AttackComplexityWeight => AttackComplexity == 'L' ? 0.77 : 0.44;

    private double PrivilegesWeight => PrivilegesRequired switch
    {
        'N' => 0.85,
        'L' => ScopeChanged ? 0.68 : 0.62,
        _ => ScopeChanged ? 0.5 : 0.27,
    };

    private double UserInteractionWeight => UserInteraction == 'N' ? 0.85 : 0.62;

    private static double Impact(char value) => value switch { 'H' => 0.56, 'L' => 0.22, _ => 0 };

    /// <summary>
    /// The smallest one-decimal number at or above <paramref name="value"/>. v3.1 (Appendix A) works in integers to
    /// avoid floating-point error (so 4.000000000000001 rounds to 4.0, not 4.1); v3.0 used a plain ceiling.
    /// </summary>
    private double Roundup(double value)
    {
        if (Version == "3.0")
            return Math.Ceiling(value * 10) / 10;

        var scaled = (long)Math.Round(value * 100000);
        return scaled % 10000 == 0 ? scaled / 100000.0 : (Math.Floor(scaled / 10000.0) + 1) / 10.0;
    }
}
