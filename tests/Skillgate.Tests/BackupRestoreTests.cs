using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>
/// <c>Skillgate backup</c> and <c>Skillgate restore</c> as an operator runs them: the demo plant with an uploaded photo and an
/// external certificate is backed up, restored into an empty folder with its own embedded cluster, and found whole there — every
/// table's rows, every stored file, the logins, the certificate, and the audit chain against the restored signed checkpoints.
/// </summary>
public sealed class BackupRestoreTests : IClassFixture<BackupRestoreTests.App>, IAsyncLifetime
{
    private readonly App _app;
    private readonly string _work = Path.Combine(Path.GetTempPath(), "skillgate-backup-" + Guid.NewGuid().ToString("N"));

    public BackupRestoreTests(App app) => _app = app;

    public sealed class App : SkillgateFactory
    {
        public App()
        {
            SeedDemo = true;
            Settings["Skillgate:Jobs:Enabled"] = "false";
        }
    }

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_work);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_work, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_restored_backup_holds_every_record_file_and_login_and_its_audit_chain_is_intact()
    {
        using var hr = await _app.SignInAsync("hr", SkillgateFactory.DemoPassword);
        var photo = await UploadAsync(hr, File.ReadAllBytes(Path.Combine(PlatformTests.RepoRoot(), "tests", "Skillgate.Tests", "Photos", "flower.jpg")), "flower.jpg");
        var scan = await UploadAsync(hr, "%PDF-1.4\n%%EOF\n"u8.ToArray(), "certificate.pdf");
        var courses = await hr.GetFromJsonAsync<JsonElement>("/api/v1/courses?status=published&pageSize=200");
        var course = courses.GetProperty("items").EnumerateArray().First(c => c.GetProperty("kind").GetString() == "external").GetProperty("id").GetGuid();
        var employee = (await hr.GetFromJsonAsync<JsonElement>("/api/v1/employees?pageSize=1")).GetProperty("items")[0].GetProperty("id").GetGuid();
        var completion = await hr.PostAsJsonAsync($"/api/v1/courses/{course}/external-completions", new ExternalCompletionInput(employee, new DateOnly(2026, 11, 20), scan));
        completion.StatusCode.Should().Be(HttpStatusCode.Created, await completion.Content.ReadAsStringAsync());
        var certificateId = (await completion.Content.ReadFromJsonAsync<CompletionDto>())!.CertificateId!.Value;
        var number = (await hr.GetFromJsonAsync<CertificateDto>($"/api/v1/certificates/{certificateId}"))!.Number;

        // The sequencer chains what the morning wrote and signs a checkpoint the restore must honour.
        var chain = _app.Services.GetRequiredService<AuditChain>();
        await chain.SequenceAsync(CancellationToken.None);
        (await chain.CheckpointAsync(force: true, CancellationToken.None)).Should().NotBeNull();

        var archive = Path.Combine(_work, "plant.tar");
        var backup = await AppProcess.RunCommandAsync(_app.ConnectionString, new Dictionary<string, string> { ["Skillgate__DataPath"] = _app.DataPath }, "backup", "--to", archive);
        backup.ExitCode.Should().Be(0, backup.Output);
        new FileInfo(archive).UnixFileMode.Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite, "the archive holds the key files");

        var target = EmptyFolder("restored");
        var restore = await AppProcess.RunCommandAsync("", new Dictionary<string, string> { ["Skillgate__DataPath"] = target }, "restore", "--from", archive);
        restore.ExitCode.Should().Be(0, restore.Output);
        restore.Output.Should().MatchRegex(@"audit: intact \(\d+ rows, [1-9]\d* checkpoints", "the chain is held against the signed checkpoints that came with it");

        var source = await TablesAsync(_app.ConnectionString);
        source.Should().ContainKey("learning.certificate").And.ContainKey("platform.stored_file").And.ContainKey("auth.app_user").And.ContainKey("audit.event");
        source.Values.Sum(t => t.Rows).Should().BeGreaterThan(1000, "the demo plant is there to back up");
        await using (var restored = await EmbeddedPostgres.StartAsync(Path.Combine(target, "pg")))
        {
            (await TablesAsync(restored.ConnectionString(DatabaseBootstrap.DatabaseName))).Should().BeEquivalentTo(source, "every row of every table comes back as it was");
        }

        var files = await StoredFilesAsync(_app.ConnectionString);
        files.Select(f => f.Id).Should().Contain([photo, scan]);
        await using var app = AppProcess.Start("", settings: new Dictionary<string, string> { ["Skillgate__DataPath"] = target, ["ConnectionStrings__Default"] = "" });
        using var restoredHr = await app.SignInAsync("hr", SkillgateFactory.DemoPassword);
        using var restoredAdmin = await app.SignInAsync("admin", SkillgateFactory.DemoPassword);

        foreach (var (id, sha) in files)
        {
            var content = await restoredHr.GetByteArrayAsync($"/api/v1/files/{id}");
            Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant().Should().Be(sha, $"file {id} comes back byte for byte");
        }

        var verification = await restoredHr.GetFromJsonAsync<CertificateVerification>($"/api/v1/certificates/verify/{Uri.EscapeDataString(number)}");
        verification!.Genuine.Should().BeTrue("the certificate issued before the backup is genuine after the restore");
        (await restoredHr.GetAsync($"/api/v1/certificates/{certificateId}/pdf")).StatusCode.Should().Be(HttpStatusCode.OK);

        var verify = await AppProcess.RunCommandAsync("", new Dictionary<string, string> { ["Skillgate__DataPath"] = target, ["ConnectionStrings__Default"] = "" }, "verify-audit");
        verify.Output.Should().Contain("intact", "the restored instance's own verify-audit finds the chain and its checkpoints whole");
    }

    [Fact]
    public async Task A_damaged_archive_or_a_folder_in_use_is_refused_and_left_as_it_was()
    {
        var archive = Path.Combine(_work, "plant.tar");
        var backup = await AppProcess.RunCommandAsync(_app.ConnectionString, new Dictionary<string, string> { ["Skillgate__DataPath"] = _app.DataPath }, "backup", "--to", archive);
        backup.ExitCode.Should().Be(0, backup.Output);

        var inUse = EmptyFolder("in-use");
        await File.WriteAllTextAsync(Path.Combine(inUse, "notes.txt"), "kept");
        var refused = await AppProcess.RunCommandAsync("", new Dictionary<string, string> { ["Skillgate__DataPath"] = inUse }, "restore", "--from", archive);
        refused.ExitCode.Should().Be(2, refused.Output);
        refused.Output.Should().Contain("not empty");
        Directory.EnumerateFileSystemEntries(inUse).Select(Path.GetFileName).Should().Equal("notes.txt");

        // One byte changed inside the dump: the checksum in the manifest no longer holds.
        var damaged = Path.Combine(_work, "damaged.tar");
        var bytes = await File.ReadAllBytesAsync(archive);
        bytes[bytes.Length / 2] ^= 0x5A;
        await File.WriteAllBytesAsync(damaged, bytes);
        var target = EmptyFolder("damaged");
        var result = await AppProcess.RunCommandAsync("", new Dictionary<string, string> { ["Skillgate__DataPath"] = target }, "restore", "--from", damaged);
        result.ExitCode.Should().Be(2, result.Output);
        result.Output.Should().Contain("damaged");
        Directory.EnumerateFileSystemEntries(target).Should().BeEmpty("a refused restore leaves nothing behind");

        var truncated = Path.Combine(_work, "truncated.tar");
        await File.WriteAllBytesAsync(truncated, (await File.ReadAllBytesAsync(archive))[..(bytes.Length / 3)]);
        var cut = await AppProcess.RunCommandAsync("", new Dictionary<string, string> { ["Skillgate__DataPath"] = target }, "restore", "--from", truncated);
        cut.ExitCode.Should().Be(2, cut.Output);
        Directory.EnumerateFileSystemEntries(target).Should().BeEmpty();
    }

    /// <summary>A new empty folder the embedded cluster's OS user can write to.</summary>
    private string EmptyFolder(string name)
    {
        var folder = Path.Combine(_work, name);
        Directory.CreateDirectory(folder);
        if (Environment.UserName == "root")
        {
            using var chown = Process.Start("chown", ["postgres:postgres", _work, folder])!;
            chown.WaitForExit();
        }

        return folder;
    }

    private static async Task<Guid> UploadAsync(HttpClient client, byte[] content, string name)
    {
        var response = await client.PostAsync("/api/v1/files", new MultipartFormDataContent { { new ByteArrayContent(content), "file", name } });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SkillgateFactory.IdOnly>())!.Id;
    }

    /// <summary>Each table of the app's schemas: its row count and a digest of all its rows in a fixed order.</summary>
    private static async Task<Dictionary<string, (long Rows, string Digest)>> TablesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var cmd = new NpgsqlCommand(
            """
            SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%'
            ORDER BY 1
            """, connection))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var result = new Dictionary<string, (long, string)>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var cmd = new NpgsqlCommand($"SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM {table} t", connection);
            await using var reader = await cmd.ExecuteReaderAsync();
            await reader.ReadAsync();
            result[table] = (reader.GetInt64(0), reader.GetString(1));
        }

        return result;
    }

    private static async Task<List<(Guid Id, string Sha)>> StoredFilesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT id, sha256 FROM platform.stored_file", connection);
        await using var reader = await cmd.ExecuteReaderAsync();
        var files = new List<(Guid, string)>();
        while (await reader.ReadAsync())
        {
            files.Add((reader.GetGuid(0), reader.GetString(1)));
        }

        return files;
    }
}
