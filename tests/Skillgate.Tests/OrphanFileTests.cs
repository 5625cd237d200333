using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;
using Skillgate.Platform.Files;
using Skillgate.Tests.Infrastructure;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace Skillgate.Tests;

/// <summary>
/// No file stays in the store without the row that describes it: a unit of work that stored a file and then failed removes it when it
/// ends, and the hourly sweep removes what a crash left (files no row describes and uploads cut off), once they are older than an
/// hour by the clock (moved here, never waited for), keeping every described file and young orphans.
/// </summary>
public sealed class OrphanFileTests(SkillgateFactory app) : IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task A_file_stored_by_a_unit_of_work_that_failed_is_removed_when_it_ends_and_a_committed_one_is_kept()
    {
        var failed = Png(1);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await SaveAsync(scope.ServiceProvider, failed, commit: false);
            File.Exists(PathOf(failed)).Should().BeTrue("the content is in the store while its row waits for the commit");
        }

        File.Exists(PathOf(failed)).Should().BeFalse("its row never committed");

        var committed = Png(2);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await SaveAsync(scope.ServiceProvider, committed, commit: true);
        }

        File.Exists(PathOf(committed)).Should().BeTrue();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await SaveAsync(scope.ServiceProvider, committed, commit: false);
        }

        File.Exists(PathOf(committed)).Should().BeTrue("the same content stored again by a failed request stays: a committed row describes it");
    }

    [Fact]
    public async Task The_sweep_removes_orphans_older_than_an_hour_and_keeps_described_files_and_young_orphans()
    {
        var sweep = app.Services.GetRequiredService<OrphanFileSweep>();
        await sweep.RunOnceAsync(CancellationToken.None);
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var described = Png(3);
        var upload = await admin.PostAsync("/api/v1/files", new MultipartFormDataContent { { new ByteArrayContent(described), "file", "evidence.png" } });
        upload.StatusCode.Should().Be(HttpStatusCode.Created);
        var crashed = Orphan(Png(4));
        var cutOff = Path.Combine(app.DataPath, "files", FileStore.TempPrefix + Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(cutOff, new byte[1000]);
        File.SetLastWriteTimeUtc(cutOff, app.Clock.GetUtcNow().UtcDateTime);

        app.Clock.Advance(TimeSpan.FromMinutes(59));
        (await sweep.RunOnceAsync(CancellationToken.None)).Should().Be(0, "nothing is an hour old yet");

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var young = Orphan(Png(5));
        (await sweep.RunOnceAsync(CancellationToken.None)).Should().Be(2);
        File.Exists(crashed).Should().BeFalse("no row describes it and it is older than an hour");
        File.Exists(cutOff).Should().BeFalse("an upload cut off an hour ago will not finish");
        File.Exists(PathOf(described)).Should().BeTrue("a row describes it");
        File.Exists(young).Should().BeTrue("its row may still be on its way");

        app.Clock.Advance(TimeSpan.FromHours(2));
        (await sweep.RunOnceAsync(CancellationToken.None)).Should().Be(1);
        File.Exists(young).Should().BeFalse();
        File.Exists(PathOf(described)).Should().BeTrue();
        (await admin.GetAsync($"/api/v1/files/{(await upload.Content.ReadFromJsonAsync<SkillgateFactory.IdOnly>())!.Id}")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static async Task SaveAsync(IServiceProvider services, byte[] content, bool commit)
    {
        services.GetRequiredService<AuditActor>().ActAs(null, "test");
        await services.GetRequiredService<FileStore>().SaveAsync(new MemoryStream(content), "picture.png", content.Length, FileKinds.Images, CancellationToken.None);
        if (commit)
        {
            await services.GetRequiredService<PlatformDb>().SaveChangesAsync();
        }
    }

    /// <summary>Content put into the store with no row, as a process stopped between the two would leave it, stored "now" by the clock.</summary>
    private string Orphan(byte[] content)
    {
        var path = PathOf(content);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        File.SetLastWriteTimeUtc(path, app.Clock.GetUtcNow().UtcDateTime);
        return path;
    }

    private string PathOf(byte[] content)
    {
        var sha = Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant();
        return Path.Combine(app.DataPath, "files", sha[..2], sha);
    }

    private static byte[] Png(int seed)
    {
        using var image = new Image<Rgb24>(16, 16, new Rgb24((byte)seed, (byte)(seed * 7), 90));
        using var buffer = new MemoryStream();
        image.SaveAsPng(buffer);
        return buffer.ToArray();
    }
}
