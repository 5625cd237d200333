using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Skillgate.Platform;
using Skillgate.Platform.Data;
using Skillgate.Platform.Excel;

// Load generator against the running app: imports N employees from one .xlsx through the API,
// then requests pages of 50 of the employee list and reads the server time from Server-Timing.
if (args.FirstOrDefault() == "competence")
{
    Environment.ExitCode = await CompetenceBench.RunAsync(args[1..]);
    return;
}

// Exam submission throughput: N employees with an attempt open each submit at the same moment (after W warm-up submissions).
if (args.FirstOrDefault() == "exams")
{
    await ExamBench.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0);
    return;
}

// QR check-in load: 2,000 paced over a minute, then three runs of 20,000 as fast as possible from 200 signed-in employees, each
// beside a bare HTTP + INSERT endpoint and pgbench's insert rate. Options and app settings: see CheckInBench.
if (args.FirstOrDefault() == "checkins")
{
    Environment.ExitCode = await CheckInBench.RunAsync(args[1..]);
    return;
}

// Batch trace latency and needs-analysis run time over 10 million operation records and a year of defect data.
if (args.FirstOrDefault() == "quality")
{
    await QualityBench.RunAsync(args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 10_000_000);
    return;
}

// One training effectiveness evaluation over 100,000 operators and 10 million operation records: server time and peak memory.
if (args.FirstOrDefault() == "effectiveness")
{
    await EffectivenessBench.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000, args.Length > 2 ? long.Parse(args[2], CultureInfo.InvariantCulture) : 10_000_000);
    return;
}

// Where one stored evaluation's statistics spend their time (after an effectiveness run with SKILLGATE_BENCH_DATA set).
if (args.FirstOrDefault() == "effectiveness-stages")
{
    await EffectivenessStagesBench.RunAsync();
    return;
}

// KPIs: the full recomputation of 10 KPIs × 12 months for 10,000 employees, and one person's drill-down.
if (args.FirstOrDefault() == "kpi")
{
    await KpiBench.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000);
    return;
}

// Points: the monthly board over 1,000,000 ledger entries, and what a points award adds to recording a completion.
if (args.FirstOrDefault() == "points")
{
    await PointsBench.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000);
    return;
}

// Workflow escalation job: one pass over 100,000 open instances (quiet, 5 % due, all due), a repeat pass, and two nodes at once.
// The plant at full size, five years in: 100,000 employees, 10 million operation records, five years of attendance and audit;
// the main pages, reports and verify-audit timed.
if (args.FirstOrDefault() == "scale")
{
    await ScaleBench.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000, args.Length > 2 ? long.Parse(args[2], CultureInfo.InvariantCulture) : 10_000_000);
    return;
}

// A database server failure under load against a running deployment (deploy/ha-local.sh failover): URL, a superuser connection
// through the proxy, the command that kills the leader.
if (args.FirstOrDefault() == "failover")
{
    await FailoverBench.RunAsync(new Uri(args[1]), args[2], args[3]);
    return;
}

if (args.FirstOrDefault() == "workflow")
{
    await WorkflowBench.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000);
    return;
}

// Each role's home page and the management cockpit at 100,000 employees: server time.
if (args.FirstOrDefault() == "home")
{
    await HomeBench.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000);
    return;
}

var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var dir = Path.Combine(Path.GetTempPath(), "skillgate-bench-" + Environment.ProcessId);
await using var pg = await EmbeddedPostgres.StartAsync(Path.Combine(dir, "pg"));
await DatabaseBootstrap.CreateDatabaseIfMissingAsync(pg.ConnectionString("postgres"), "bench", null, CancellationToken.None);
var port = BenchClient.FreePort();
var app = SkillgateApp.Build(["--urls", $"http://127.0.0.1:{port}", "--ConnectionStrings:Default=" + pg.AppConnectionString("bench"), "--ConnectionStrings:Owner=" + pg.OwnerConnectionString("bench"),
    "--Skillgate:DataPath=" + dir, "--contentRoot=" + Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/Skillgate")), "--Skillgate:AdminPassword=Bench#2026x", "--Logging:LogLevel:Default=Warning"]);
await app.StartAsync();
using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(10) };
var login = await http.GetStringAsync("/Account/Login");
var token = Regex.Match(login, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
(await http.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "admin", ["Password"] = "Bench#2026x", ["__RequestVerificationToken"] = token }))).EnsureSuccessStatusCode();

Console.WriteLine($"Generating {count:N0} employees in 20 workshops …");
using var file = new MemoryStream();
using (var writer = new XlsxWriter(file))
{
    writer.AddSheet("组织单元", ["编码", "名称", "类型", "上级编码", "职能"],
        new object?[][] { ["B", "基准集团", "group", null, "management"] }.Concat(Enumerable.Range(1, 20).Select(i => new object?[] { $"B-W{i}", $"车间{i}", "workshop", "B", "production" })));
    writer.AddSheet("员工", ["工号", "姓名", "手机", "邮箱", "组织编码", "岗位编码", "上级工号", "班次组编码", "入职日期"],
        Enumerable.Range(1, count).Select(i => new object?[] { $"B{i:D7}", $"员工{i}", $"139{i:D8}", null, $"B-W{(i % 20) + 1}", null, null, null, "2020-01-01" }));
}

Console.WriteLine($"Workbook: {file.Length / 1024.0 / 1024.0:F1} MiB");
var watch = Stopwatch.StartNew();
using var content = new MultipartFormDataContent { { new ByteArrayContent(file.ToArray()), "file", "bench.xlsx" } };
var response = await http.PostAsync("/api/v1/imports", content);
response.EnsureSuccessStatusCode();
var job = await response.Content.ReadFromJsonAsync<JsonElement>();
var id = job.GetProperty("id").GetString();
while (job.GetProperty("status").GetString() is "queued" or "running")
{
    await Task.Delay(250);
    job = await http.GetFromJsonAsync<JsonElement>($"/api/v1/imports/{id}");
}

watch.Stop();
Console.WriteLine($"Import of {count:N0} employees: {watch.Elapsed.TotalSeconds:F1} s (status {job.GetProperty("status").GetString()}, created {job.GetProperty("created").GetInt32():N0}; target < 60 s)");

var kinds = new (string Name, Func<Random, string> Url)[]
{
    ("page through all", r => $"/Organization/Employees?page={r.Next(1, count / 50)}"),
    ("search by name", r => $"/Organization/Employees?q=员工{r.Next(1, count)}"),
    ("search by number", r => $"/Organization/Employees?q=B{r.Next(1, count):D7}"),
    ("filter status", r => $"/Organization/Employees?status=active&page={r.Next(1, 100)}"),
};
var random = new Random(1);
var all = new List<double>();
foreach (var (name, url) in kinds)
{
    var timings = new List<double>();
    for (var i = 0; i < 40; i++)
    {
        var page = await http.GetAsync(url(random));
        page.EnsureSuccessStatusCode();
        var dur = BenchClient.ServerMs(page) ?? throw new InvalidOperationException("no Server-Timing header");
        if (i >= 5)
        {
            timings.Add(dur);
        }
    }

    timings.Sort();
    all.AddRange(timings);
    Console.WriteLine($"  {name,-18} p50 {timings[timings.Count / 2],6:F1} ms  p95 {timings[(int)(timings.Count * 0.95)],6:F1} ms  max {timings[^1],6:F1} ms");
}

all.Sort();
Console.WriteLine($"Employee list page (50 rows) at {count:N0} employees, server time over {all.Count} requests: " +
                  $"p50 {all[all.Count / 2]:F1} ms, p95 {all[(int)(all.Count * 0.95)]:F1} ms, max {all[^1]:F1} ms (target < 200 ms)");
await app.StopAsync();
await pg.DisposeAsync();
Directory.Delete(dir, recursive: true);
