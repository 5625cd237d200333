using System.Diagnostics;
using static BenchClient;

/// <summary>
/// The first page after sign-in at plant scale: the competence bench's N employees (20 workshops, 15 requirements per post, a
/// year of completions, statuses refreshed), then each role's home page — a worker, the head of a 5,000-person workshop, HR and
/// QA over everything — and the management cockpit, each requested 11 times; prints the server time (Server-Timing) beside the
/// simplest signed-in read as the floor.
/// </summary>
internal static class HomeBench
{
    private const int Rounds = 11;

    public static async Task RunAsync(int employees)
    {
        await using var host = await BenchHost.StartAsync("home");
        if (await ScalarAsync<long>(host.Data, "SELECT count(*) FROM auth.app_user WHERE user_name = 'bhr'") == 0)
        {
            await GenerateAsync(host, employees);
        }

        var position = await ScalarAsync<Guid>(host.Data, "SELECT id FROM org.position WHERE code = 'BP-2'");
        Console.WriteLine($"Server time over {Rounds - 1} requests after a first one (target < 300 ms for the home pages):");
        await MeasureAsync(host, "bworker", "/", "worker's home (phone tiles)");
        await MeasureAsync(host, "bhead", "/", $"head of a {employees / 20:N0}-person workshop");
        await MeasureAsync(host, "bhr", "/", $"HR over {employees:N0}");
        await MeasureAsync(host, "bqa", "/", $"QA over {employees:N0}");
        await MeasureAsync(host, "bhr", "/Cockpit", $"management cockpit over {employees:N0} (six months)");
        await MeasureAsync(host, "bhr", $"/api/v1/positions/{position}", "floor: one position, one query");
    }

    /// <summary>The plant and the four people who read it; skipped when SKILLGATE_BENCH_DATA names a folder an earlier run filled.</summary>
    private static async Task GenerateAsync(BenchHost host, int employees)
    {
        var watch = Stopwatch.StartNew();
        await CompetenceBench.GenerateAsync(host.Data, employees);
        await ExecuteAsync(host.Data, "SELECT competence.refresh(NULL, NULL, current_date, 30, now())");
        await ExecuteAsync(host.Data, "ANALYZE");
        Console.WriteLine($"Generated {employees:N0} employees with 15 requirements each and refreshed their statuses in {watch.Elapsed.TotalSeconds:F1} s");

        var admin = await SignInAsync(host.BaseUri, "admin");
        var worker = await ScalarAsync<Guid>(host.Data, "SELECT id FROM org.employee WHERE employee_no = 'B0000001'");
        var workshop = await ScalarAsync<Guid>(host.Data, "SELECT id FROM org.org_unit WHERE code = 'BW-2'");
        await CreateUserAsync(host.Http, admin, host.Data, "bworker", ["Employee"], false, worker);
        await PostIdAsync(host.Http, admin, "/api/v1/users", new { userName = "bhead", displayName = "bhead", password = Password, roles = new[] { "DepartmentHead" }, scopeAll = false, scopeOrgUnitIds = new[] { workshop } });
        await ExecuteAsync(host.Data, "UPDATE auth.app_user SET must_change_password = false WHERE user_name = 'bhead'");
        await CreateUserAsync(host.Http, admin, host.Data, "bhr", ["HR"], true, null);
        await CreateUserAsync(host.Http, admin, host.Data, "bqa", ["QA"], true, null);
    }

    internal static async Task MeasureAsync(BenchHost host, string user, string url, string what)
    {
        var cookie = await SignInAsync(host.BaseUri, user);
        var times = new List<double>();
        var tiles = new Dictionary<string, List<double>>();
        for (var i = 0; i < Rounds; i++)
        {
            using var response = await SendRawAsync(host.Http, cookie, HttpMethod.Get, url, null);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{user} GET {url} → {(int)response.StatusCode}");
            }

            if (i > 0)
            {
                times.Add(ServerMs(response) ?? throw new InvalidOperationException("no Server-Timing header"));
                foreach (var (tile, ms) in TileTimes(response))
                {
                    (tiles.TryGetValue(tile, out var list) ? list : tiles[tile] = []).Add(ms);
                }
            }
        }

        times.Sort();
        Console.WriteLine($"  {what,-48} median {P(times, 0.5),7:F1} ms, max {times[^1],7:F1} ms");
        foreach (var (tile, list) in tiles.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            list.Sort();
            Console.WriteLine($"      {tile,-44} median {P(list, 0.5),7:F1} ms");
        }
    }

    /// <summary>The home page's own parts of its Server-Timing header: "tile-coverage;dur=12.3".</summary>
    private static IEnumerable<(string Tile, double Ms)> TileTimes(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Server-Timing", out var values)
            ? string.Join(",", values).Split(',', StringSplitOptions.TrimEntries)
                .Where(part => part.StartsWith("tile-", StringComparison.Ordinal))
                .Select(part => (part[5..part.IndexOf(';', StringComparison.Ordinal)], ServerMs(part) ?? 0))
            : [];
}
