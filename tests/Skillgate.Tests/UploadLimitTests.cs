using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using FluentAssertions;
using Skillgate.Modules.Quality.Ingestion;
using Skillgate.Platform.Excel;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;
using Skillgate.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Skillgate.Tests;

/// <summary>The memory measurements of these tests run alone, not beside other test classes.</summary>
[CollectionDefinition(nameof(UploadLimitTests), DisableParallelization = true)]
public sealed class UploadLimitCollection;

/// <summary>
/// Spreadsheets built to exhaust the server (zip bombs, billion laughs, external entities, too many rows or columns) sent to every
/// endpoint and page that reads one: each answers 400 within 5 seconds, the process's memory rises by less than 300 MB, and
/// nothing is stored. The times and memory are written to the test output.
/// </summary>
[Collection(nameof(UploadLimitTests))]
public sealed partial class UploadLimitTests(SkillgateFactory app, HostileWorkbooks files, ITestOutputHelper output)
    : IClassFixture<SkillgateFactory>, IClassFixture<HostileWorkbooks>
{
    private const double MaxSeconds = 5;
    private const double MaxRiseMb = 300;

    private static readonly string[] Endpoints =
        ["/api/v1/imports", "/api/v1/questions/import", .. QualityFile.Fields.Keys.Select(k => "/api/v1/quality/files/" + k)];

    /// <summary>The pages with an upload form for a spreadsheet: page to take the form's token from, post address, other fields.</summary>
    private static readonly (string Page, string Post, Dictionary<string, string> Fields)[] Pages =
    [
        ("/Organization/Import", "/Organization/Import", []),
        ("/Learning/Questions", "/Learning/Questions?handler=Import", []),
        ("/Quality/Data", "/Quality/Data?handler=Upload", new() { ["uploadKind"] = "defects" }),
    ];

    public static TheoryData<string> Hostile => new(HostileWorkbooks.Expected.Keys);

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_hostile_spreadsheet_is_refused_by_every_endpoint_within_5_s_and_300_MB_and_nothing_is_stored(string name)
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var bytes = await File.ReadAllBytesAsync(files.PathOf(name));
        var before = await CountsAsync();
        foreach (var endpoint in Endpoints)
        {
            var (status, body, seconds, memory) = await MeasureAsync(() => admin.PostAsync(endpoint, Upload(bytes, name)));
            output.WriteLine(FormattableString.Invariant($"{name} ({bytes.Length / 1024} KB) → {endpoint}: {(int)status} in {seconds:F2} s, working set +{memory.WorkingSetRiseMb:F0} MB, heap +{memory.HeapRiseMb:F0} MB"));
            status.Should().Be(HttpStatusCode.BadRequest, $"{endpoint} answered {body}");
            JsonSerializer.Deserialize<JsonElement>(body).GetProperty("errors").EnumerateObject().SelectMany(e => e.Value.EnumerateArray().Select(m => m.GetString()))
                .Should().Contain(m => HostileWorkbooks.Expected[name].Any(m!.Contains), endpoint);
            seconds.Should().BeLessThan(MaxSeconds, endpoint);
            memory.WorkingSetRiseMb.Should().BeLessThan(MaxRiseMb, endpoint);
            memory.HeapRiseMb.Should().BeLessThan(MaxRiseMb, endpoint);
        }

        foreach (var (page, post, fields) in Pages)
        {
            var form = Upload(bytes, name);
            foreach (var (field, value) in fields.Append(new("__RequestVerificationToken", Token(await admin.GetStringAsync(page)))))
            {
                form.Add(new StringContent(value), field);
            }

            var (status, body, seconds, memory) = await MeasureAsync(() => admin.PostAsync(post, form));
            output.WriteLine(FormattableString.Invariant($"{name} → page {post}: {(int)status} in {seconds:F2} s, working set +{memory.WorkingSetRiseMb:F0} MB, heap +{memory.HeapRiseMb:F0} MB"));
            status.Should().Be(HttpStatusCode.OK, "the page shows the refusal");
            WebUtility.HtmlDecode(body).Should().ContainAny(HostileWorkbooks.Expected[name], post);
            seconds.Should().BeLessThan(MaxSeconds, post);
            memory.WorkingSetRiseMb.Should().BeLessThan(MaxRiseMb, post);
        }

        (await CountsAsync()).Should().Be(before, "no import job, question or quality record was stored");
        var imports = Path.Combine(app.DataPath, "imports");
        (Directory.Exists(imports) ? Directory.EnumerateFiles(imports) : []).Should().BeEmpty("a refused import leaves no file behind");
    }

    [Fact]
    public async Task A_body_over_an_upload_limit_is_refused_before_it_is_read_through()
    {
        // The real server (Kestrel, as deployed) and the in-process test server: each refuses the body at the endpoint's limit.
        await using var server = AppProcess.Start(app.ConnectionString);
        using var kestrel = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(server.Url) };
        kestrel.DefaultRequestHeaders.ExpectContinue = true; // as curl sends a large upload: the body follows once the server agrees
        await server.WaitHealthyAsync(kestrel);
        (await SkillgateFactory.PostFormAsync(kestrel, "/Account/Login", new() { ["UserName"] = "admin", ["Password"] = SkillgateFactory.AdminPassword }))
            .StatusCode.Should().Be(HttpStatusCode.Redirect);
        var testServer = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        foreach (var (client, where) in new[] { (kestrel, "Kestrel"), (testServer, "test server") })
        {
            foreach (var (endpoint, limitMb) in new[] { ("/api/v1/imports", 40), ("/api/v1/questions/import", 10), ("/api/v1/quality/files/defects", 20), ("/api/v1/files", 50) })
            {
                var size = (limitMb + 3) * 1024L * 1024;
                var form = new MultipartFormDataContent { { new StreamContent(new Zeros(size)), "file", "big.xlsx" } };
                var (status, body, seconds, memory) = await MeasureAsync(() => client.PostAsync(endpoint, form));
                output.WriteLine(FormattableString.Invariant($"{where}: {size / 1024 / 1024} MB → {endpoint}: {(int)status} in {seconds:F2} s, working set +{memory.WorkingSetRiseMb:F0} MB: {body}"));
                status.Should().BeOneOf([HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge], body);
                seconds.Should().BeLessThan(MaxSeconds);
                memory.WorkingSetRiseMb.Should().BeLessThan(MaxRiseMb);
            }
        }
    }

    [Fact]
    public void A_sheet_whose_zip_entry_lies_about_its_size_is_not_unpacked_past_it()
    {
        // The entry says 20 KB and holds 1 GB: its declared size passes the check at opening, so only reading can stop it.
        using var content = File.OpenRead(files.PathOf("zip-bomb-lying-size.xlsx"));
        var watch = Stopwatch.StartNew();
        using var reader = XlsxReader.Open(content, XlsxLimits.Default with { MaxRows = int.MaxValue }, new Texts());
        var read = () => reader.Rows(reader.SheetNames[0]).Count();

        var refusal = read.Should().Throw<ValidationFailedException>().Which.Errors["file"].Single();
        output.WriteLine(FormattableString.Invariant($"lying zip entry refused after {watch.Elapsed.TotalSeconds:F2} s: {refusal}"));
        refusal.Should().ContainAny(["unpacks to more than", "解压后超过", "damaged", "损坏"]);
        watch.Elapsed.TotalSeconds.Should().BeLessThan(MaxSeconds);
    }

    [Fact]
    public async Task Refusals_are_in_the_callers_language()
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword, "zh-CN");
        foreach (var (name, chinese) in new[] { ("zip-bomb.xlsx", "解压后超过"), ("xxe-sheet.xlsx", "含有 DTD"), ("columns-declared.xlsx", "超过 200 列") })
        {
            var response = await admin.PostAsync("/api/v1/quality/files/defects", Upload(await File.ReadAllBytesAsync(files.PathOf(name)), name));
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync()).GetProperty("errors").GetProperty("file")[0].GetString()
                .Should().Contain(chinese, name);
        }
    }

    private static MultipartFormDataContent Upload(byte[] bytes, string name) => new() { { new ByteArrayContent(bytes), "file", name } };

    private static async Task<(HttpStatusCode Status, string Body, double Seconds, MemoryPeak Memory)> MeasureAsync(Func<Task<HttpResponseMessage>> send)
    {
        using var memory = MemoryPeak.Start();
        var watch = Stopwatch.StartNew();
        using var response = await send();
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, body, watch.Elapsed.TotalSeconds, memory);
    }

    private async Task<string> CountsAsync()
    {
        await using var ds = app.OpenDataSource();
        await using var cmd = ds.CreateCommand(
            """
            SELECT concat_ws('/', (SELECT count(*) FROM org.import_job), (SELECT count(*) FROM learning.question), (SELECT count(*) FROM quality.batch),
                (SELECT count(*) FROM quality.operation_record), (SELECT count(*) FROM quality.production_count), (SELECT count(*) FROM quality.defect),
                (SELECT count(*) FROM quality.audit_finding), (SELECT count(*) FROM quality.complaint))
            """);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    private static string Token(string page) => TokenPattern().Match(page).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    /// <summary>A body of zeros of a given length (sent with its Content-Length), made as it is read: the test holds none of it.</summary>
    private sealed class Zeros(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => _position = value;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            Array.Clear(buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => _position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
