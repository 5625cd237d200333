using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>
/// What ships is what works: the output of <c>dotnet publish</c>, started from its own folder as the README's deployment
/// section describes, counts the faces of real group photographs; and where the detector cannot run, photos say "not
/// counted" and the health page says why instead of counting nothing in silence.
/// </summary>
public sealed class PublishedBuildTests(SkillgateFactory factory) : TrainingTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task A_published_build_counts_the_faces_of_group_photos_within_twenty_per_cent()
    {
        var output = Path.Combine(Path.GetTempPath(), "skillgate-published-" + Guid.NewGuid().ToString("N"));
        try
        {
            await CountInPublishedBuildAsync(output);
        }
        finally
        {
            // A publish that failed leaves no folder; its own error is the one to show.
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    private async Task CountInPublishedBuildAsync(string output)
    {
        await PublishAsync(output);
        File.Exists(Path.Combine(output, "Modules", "Training", "Faces", "faces.mjs")).Should().BeTrue();

        var a = await ActorsAsync("PB");
        var course = await ClassroomCourseAsync(a, "PB-CLS", null);
        var session = await SessionOfTwoAsync(a, course, "合影计数", App.Clock.GetUtcNow());
        await using var published = AppProcess.Start(App.ConnectionString, Path.Combine(output, "Skillgate.dll"));
        using var hr = await published.SignInAsync("PBhr", Password);
        (await published.WaitHealthyAsync(hr)).IsSuccessStatusCode.Should().BeTrue();

        foreach (var (file, faces) in new[] { ("solvay1927_left_14.jpg", 14), ("solvay1927_right_15.jpg", 15) })
        {
            var photo = await UploadAsync(hr, session.Id, GroupPhoto(file), file);
            photo.FaceCount.Should().BeInRange((int)Math.Ceiling(faces * 0.8), (int)Math.Floor(faces * 1.2), $"{file} shows {faces} people");
        }

        using var admin = await published.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var health = await admin.GetStringAsync("/Admin/Health");
        health.Should().Contain("data-part=\"face_counter\"").And.Contain("working");
    }

    [Fact]
    public async Task Without_a_working_detector_photos_say_not_counted_and_the_health_page_says_why()
    {
        var a = await ActorsAsync("PN");
        var course = await ClassroomCourseAsync(a, "PN-CLS", null);
        var session = await SessionOfTwoAsync(a, course, "无检测器", App.Clock.GetUtcNow());
        // The built (not published) application run from the test's folder: its face counter script is not beside it.
        await using var broken = AppProcess.Start(App.ConnectionString);
        using var hr = await broken.SignInAsync("PNhr", Password);
        (await broken.WaitHealthyAsync(hr)).IsSuccessStatusCode.Should().BeTrue();

        var photo = await UploadAsync(hr, session.Id, GroupPhoto("solvay1927_left_14.jpg"), "group.jpg");
        photo.FaceCount.Should().BeNull("nothing was counted, and the upload still succeeds");
        (await hr.GetStringAsync($"/Training/Sessions/Details?id={session.Id}")).Should().Contain("faces not counted");
        using var admin = await broken.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var health = await admin.GetStringAsync("/Admin/Health");
        health.Should().Contain("not working").And.Contain("faces.mjs is missing");
        var refused = await hr.GetAsync("/Admin/Health");
        refused.Headers.Location?.ToString().Should().Contain("/Account/Denied", "the health page is the administrator's");
    }

    private static byte[] GroupPhoto(string name) => File.ReadAllBytes(Path.Combine(PlatformTests.RepoRoot(), "tests", "Skillgate.Tests", "GroupPhotos", name));

    private static async Task PublishAsync(string output)
    {
        var info = new ProcessStartInfo("dotnet", ["publish", Path.Combine(PlatformTests.RepoRoot(), "src", "Skillgate"), "-c", "Release", "-o", output, "-nologo", "-v", "q"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var publish = Process.Start(info)!;
        var log = await publish.StandardOutput.ReadToEndAsync() + await publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        publish.ExitCode.Should().Be(0, log);
    }
}
