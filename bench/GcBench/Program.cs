using ArtifactKeeper.Bench.Gc;

// Usage: GcBench <command> [--key value ...]; prints key=value lines that bench/gc.sh reads.
//   seed-ak --data DIR [shape] [--files all|garbage]    ArtifactKeeper data dir (SQLite + filesystem blobs)
//   check-ak --data DIR [shape] [--files all|garbage]   what a GC left (exit 1 unless exact)
//   seed-distribution --root DIR [shape]                distribution's filesystem layout
//   check-distribution --root DIR [shape]
//   gc-start --base URL --user user:password [--workers N]
//   gc-wait --base URL --user user:password --id N
//   gc --base URL --user user:password [--workers N]    gc-start then gc-wait
//   seed-retention --data DIR --project P --repos R --tags T     R repositories of T tags v00001.. (newest highest)
//   check-retention --data DIR --project P --repos R --tags T --keep K   exit 1 unless each kept exactly the K newest
//   retention-policy --base URL --user user:password --project-id N --keep K   keep the latest K tags matching v*
//   retention-run --base URL --user user:password --policy-id N --dry-run true|false
// shape: --project gcbench --repos 1000 --manifests 100 --blobs 9 --garbage 100000 --salt g0
//   (repos x manifests tagged images of `blobs` blobs each, plus `garbage` blobs nothing links)
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: GcBench <seed-ak|check-ak|seed-distribution|check-distribution|gc-start|gc-wait|gc> [--key value ...]");
    return 2;
}

var options = new Options(args);
var shape = BenchShape.From(options);
using var cancellation = new CancellationTokenSource(TimeSpan.FromHours(2));
var ct = cancellation.Token;
var allFiles = options.Text("files", "all") == "all";

switch (args[0])
{
    case "seed-ak":
        var seeded = await new SqliteSeeder(options.Required("data"), shape, allFiles).SeedAsync(ct);
        Console.WriteLine($"seed_seconds={seeded.TotalSeconds:F1}");
        return 0;
    case "check-ak":
        return Report(await SeedCheck.OfArtifactKeeperAsync(options.Required("data"), shape, allFiles, ct));
    case "seed-distribution":
        Console.WriteLine($"seed_seconds={new DistributionSeeder(options.Required("root"), shape).Seed(ct).TotalSeconds:F1}");
        return 0;
    case "check-distribution":
        return Report(SeedCheck.OfDistribution(options.Required("root"), shape));
    case "gc-start" or "gc-wait" or "gc":
        using (var http = GcRun.Client(options.Required("base"), options.Required("user")))
        {
            var gc = new GcRun(http);
            var wall = System.Diagnostics.Stopwatch.StartNew();
            var id = args[0] == "gc-wait" ? long.Parse(options.Required("id"), System.Globalization.CultureInfo.InvariantCulture) : await gc.StartAsync(options.Int("workers", 4), ct);
            if (args[0] == "gc-start")
            {
                Console.WriteLine($"run_id={id}");
                return 0;
            }

            var figures = await gc.WaitAsync(id, ct);
            foreach (var line in figures.Lines())
            {
                Console.WriteLine(line);
            }

            if (args[0] == "gc")
            {
                // From the POST to the poll that saw the run end (polls every 100 ms): the figure beside distribution's process time.
                Console.WriteLine($"wall_ms={(long)wall.Elapsed.TotalMilliseconds}");
            }

            return figures.Status == "Success" ? 0 : 1;
        }

    case "seed-retention":
        var (projectId, elapsed) = await Retention(options).SeedAsync(ct);
        Console.WriteLine($"project_id={projectId}");
        Console.WriteLine($"seed_seconds={elapsed.TotalSeconds:F1}");
        return 0;
    case "check-retention":
        var wrong = await Retention(options).CountWrongRepositoriesAsync(options.Int("keep", 10), ct);
        Console.WriteLine($"wrong_repositories={wrong}");
        return wrong == 0 ? 0 : 1;
    case "retention-policy" or "retention-run":
        using (var http = GcRun.Client(options.Required("base"), options.Required("user")))
        {
            var retention = new RetentionRun(http);
            if (args[0] == "retention-policy")
            {
                Console.WriteLine($"policy_id={await retention.CreatePolicyAsync(options.Int("project-id", 0), options.Int("keep", 10), ct)}");
                return 0;
            }

            var figures = await retention.ExecuteAsync(options.Int("policy-id", 0), options.Text("dry-run", "false") == "true", ct);
            foreach (var line in figures.Lines())
            {
                Console.WriteLine(line);
            }

            return figures.Status is "Success" or "Succeed" ? 0 : 1;
        }

    default:
        Console.Error.WriteLine("unknown command " + args[0]);
        return 2;
}

static int Report(SeedCheck check)
{
    foreach (var line in check.Lines())
    {
        Console.WriteLine(line);
    }

    return check.Exact ? 0 : 1;
}

static RetentionSeeder Retention(Options options) =>
    new(options.Required("data"), options.Text("project", "retention"), options.Int("repos", 1), options.Int("tags", 10_000));
