using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>
/// Faces with the real detector and recognition models on real photographs: faces counted in session photos, face enrolment
/// with consent, check-in by face on a phone and a kiosk, deletion on request; and kiosk PINs.
/// </summary>
public sealed class FaceTests(SkillgateFactory factory) : TrainingTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task Real_photos_and_videos_are_flagged_for_time_before_the_session_reuse_and_fewer_faces_than_check_ins()
    {
        var a = await ActorsAsync("FP");
        var course = await ClassroomCourseAsync(a, "FP-CLS", null);
        var now = App.Clock.GetUtcNow();
        var session = await SessionOfTwoAsync(a, course, "照片人数", now);
        var other = await ReadAsync<SessionDto>(await a.Hr.PostAsJsonAsync("/api/v1/sessions",
            new SessionInput(course, "另一场", null, now.AddHours(3), now.AddHours(4), 10, [], [])), HttpStatusCode.Created);
        foreach (var employee in new[] { a.Org.EmployeeA, a.Org.EmployeeB })
        {
            (await a.Hr.PostAsJsonAsync($"/api/v1/sessions/{session.Id}/attendance", new MarkInput(employee, "in", "测试：现场确认"))).EnsureSuccessStatusCode();
        }

        var onePerson = await UploadAsync(a.Hr, session.Id, ExifJpeg.Create(now.AddMinutes(10), salt: "one", photo: FacePhotos.Bytes("one.jpg")));
        onePerson.FaceCount.Should().Be(1);
        onePerson.CheckedIn.Should().Be(2);
        onePerson.Flags.Should().Equal(["fewer_faces"], "one face in the picture, two people checked in");
        var threePeople = await UploadAsync(a.Hr, session.Id, ExifJpeg.Create(now.AddMinutes(12), salt: "three", photo: FacePhotos.Bytes("three.jpg")));
        threePeople.FaceCount.Should().Be(3);
        threePeople.Flags.Should().BeEmpty();
        var early = await UploadAsync(a.Hr, session.Id, ExifJpeg.Create(now.AddHours(-2), salt: "early", photo: FacePhotos.Bytes("three.jpg")));
        early.Flags.Should().Equal(["before_session"], "taken two hours before the session");
        var reused = await UploadAsync(a.Hr, other.Id, ExifJpeg.Create(now.AddMinutes(12), salt: "three", photo: FacePhotos.Bytes("three.jpg")));
        reused.Flags.Should().Contain("photo_reused", "the same picture was already evidence for the first session");

        var video = await UploadAsync(a.Hr, session.Id, Mp4File.Create(now.AddMinutes(15)), "session.mp4");
        video.Media.Should().Be("video");
        video.CapturedAt.Should().Be(now.AddMinutes(15), "the MP4 movie header says when it was recorded");
        video.FaceCount.Should().BeNull("faces are counted in photos");
        video.Flags.Should().BeEmpty();
        (await UploadAsync(a.Hr, session.Id, Mp4File.Create(now.AddHours(-2)), "old.mp4")).Flags.Should().Equal(["before_session"]);

        var anomalies = await ReadAsync<JsonElement>(await a.Hr.GetAsync("/api/v1/anomalies"), HttpStatusCode.OK);
        anomalies.EnumerateArray().Should().Contain(x => x.GetProperty("flag").GetString() == "fewer_faces" && x.GetProperty("sessionId").GetGuid() == session.Id);
        (await a.Hr.GetStringAsync($"/Training/Sessions/Details?id={session.Id}")).Should().Contain("faces 1 / checked in 2").And.Contain("fewer faces than people checked in");
    }

    [Fact]
    public async Task A_face_is_enrolled_with_consent_stored_encrypted_matched_at_check_in_and_deleted_on_request()
    {
        var a = await ActorsAsync("FE");
        var course = await ClassroomCourseAsync(a, "FE-CLS", null);
        var now = App.Clock.GetUtcNow();
        var session = await ReadAsync<SessionDto>(await a.Hr.PostAsJsonAsync("/api/v1/sessions",
            new SessionInput(course, "人脸签到", null, now.AddMinutes(5), now.AddHours(2), 10, [], [a.Org.EmployeeA, a.Org.EmployeeB])), HttpStatusCode.Created);
        var worker = await EmployeeUserAsync(a, "FEworker", a.Org.EmployeeA);
        var colleague = await EmployeeUserAsync(a, "FEother", a.Org.EmployeeB);
        var mine = FacePhotos.Capture("portrait.jpg");
        var someoneElse = FacePhotos.Capture("other.jpg");

        (await ReadAsync<FaceStatusDto>(await worker.GetAsync("/api/v1/me/face"), HttpStatusCode.OK)).Enrolled.Should().BeFalse();
        (await ErrorFieldsAsync(await worker.PutAsJsonAsync("/api/v1/me/face", new { consent = false, face = mine }))).Should().Equal("consent");
        (await ErrorFieldsAsync(await worker.PutAsJsonAsync("/api/v1/me/face", new { consent = true, face = new { descriptor = new float[12], real = 0.9, live = 0.9 } })))
            .Should().Equal("face");
        (await CodeAsync(await worker.PutAsJsonAsync("/api/v1/me/face", new { consent = true, face = Scores(mine, real: 0.1) }), HttpStatusCode.Conflict))
            .Should().Be("face_not_live", "a printed photo or a screen fails anti-spoofing");
        (await CountAsync("training.face_template")).Should().Be(0, "refused enrolments store nothing");

        var enrolled = await ReadAsync<FaceStatusDto>(await worker.PutAsJsonAsync("/api/v1/me/face", new { consent = true, face = mine }), HttpStatusCode.OK);
        enrolled.Enrolled.Should().BeTrue();
        enrolled.ConsentedAt.Should().Be(now);
        var stored = await TemplateAsync(a.Org.EmployeeA);
        stored.Length.Should().Be(12 + 16 + (1024 * 4));
        var plain = new byte[16];
        Buffer.BlockCopy(mine.GetProperty("descriptor").EnumerateArray().Take(4).Select(x => x.GetSingle()).ToArray(), 0, plain, 0, 16);
        stored.AsSpan().IndexOf(plain).Should().Be(-1, "the template is encrypted at rest");
        (await CountAsync($"audit.event WHERE entity_id = '{a.Org.EmployeeA}' AND entity_type = 'face_template' AND after::text LIKE '%consent_text%' AND after::text LIKE '%sha256:%'"))
            .Should().Be(1, "the enrolment and its consent are audited, the template only as a fingerprint");

        var code = await ReadAsync<QrCodeDto>(await a.Hr.GetAsync($"/api/v1/sessions/{session.Id}/qr"), HttpStatusCode.OK);
        (await CodeAsync(await worker.PostAsJsonAsync("/api/v1/check-ins", new { token = code.Token, face = someoneElse }), HttpStatusCode.Conflict))
            .Should().Be("face_mismatch", "a colleague holding the phone is not the enrolled face");
        (await CodeAsync(await colleague.PostAsJsonAsync("/api/v1/check-ins", new { token = code.Token, face = someoneElse }), HttpStatusCode.Conflict))
            .Should().Be("face_not_enrolled");
        var checkedIn = await ReadAsync<CheckInResult>(await worker.PostAsJsonAsync("/api/v1/check-ins", new { token = code.Token, face = mine }), HttpStatusCode.OK);
        checkedIn.AlreadyRecorded.Should().BeFalse();
        var roster = (await ReadAsync<SessionDto>(await a.Hr.GetAsync($"/api/v1/sessions/{session.Id}"), HttpStatusCode.OK)).Participants;
        roster.Single(p => p.EmployeeId == a.Org.EmployeeA).CheckInMethod.Should().Be("qr_face");

        var created = await ReadAsync<KioskCreated>(await a.Admin.PostAsJsonAsync("/api/v1/kiosks", new KioskInput("人脸签到机", null, RequireProof: true)), HttpStatusCode.Created);
        using var kiosk = App.CreateClient();
        kiosk.DefaultRequestHeaders.Add("X-Kiosk-Token", created.Token);
        var sync = await ReadAsync<KioskSyncResult>(await kiosk.PostAsJsonAsync("/api/v1/kiosk/check-ins", new
        {
            checkIns = new object[]
            {
                new { idempotencyKey = "face-stranger-1", sessionId = session.Id, kind = "in", at = now.AddMinutes(6), face = someoneElse },
                new { idempotencyKey = "face-bad-still1", sessionId = session.Id, kind = "out", at = now.AddMinutes(118), face = mine, photo = "bm90IGEgcGljdHVyZQ==" },
                new { idempotencyKey = "face-worker-out", sessionId = session.Id, kind = "out", at = now.AddMinutes(119), face = mine, photo = Convert.ToBase64String(FacePhotos.Bytes("portrait.jpg")) },
            },
        }), HttpStatusCode.OK);
        sync.Items.Select(i => i.Outcome).Should().Equal("rejected", "rejected", "recorded");
        sync.Items[0].Reason.Should().Be("The face matches no one on the roster");
        sync.Items[1].Reason.Should().Be("The check-in still is not a JPEG/PNG of at most 1 MB");
        var still = (await ReadAsync<List<SessionPhotoDto>>(await a.Hr.GetAsync($"/api/v1/sessions/{session.Id}/photos"), HttpStatusCode.OK)).Single();
        still.CapturedAt.Should().Be(now.AddMinutes(119), "the kiosk's time of the check-in");
        still.FaceCount.Should().Be(1);
        still.Flags.Should().BeEmpty();
        (await CountAsync($"training.attendance WHERE session_id = '{session.Id}' AND employee_id = '{a.Org.EmployeeA}' AND kind = 'out' AND method = 'kiosk_face'")).Should().Be(1);

        await App.CreateUserAsync(a.Admin, "FEhrB", ["HR"], scopeAll: false, scope: [a.Org.WorkshopB]);
        var hrScopedElsewhere = await App.SignInAsync("FEhrB", Password);
        (await colleague.DeleteAsync($"/api/v1/employees/{a.Org.EmployeeA}/face")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await hrScopedElsewhere.DeleteAsync($"/api/v1/employees/{a.Org.EmployeeA}/face")).StatusCode.Should().Be(HttpStatusCode.NotFound, "the employee is outside that HR's scope");
        (await a.Hr.DeleteAsync($"/api/v1/employees/{a.Org.EmployeeA}/face")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await CountAsync($"training.face_template WHERE id = '{a.Org.EmployeeA}'")).Should().Be(0, "deleted on request, not hidden");
        (await CodeAsync(await a.Hr.DeleteAsync($"/api/v1/employees/{a.Org.EmployeeA}/face"), HttpStatusCode.Conflict)).Should().Be("face_not_enrolled");

        (await colleague.PutAsJsonAsync("/api/v1/me/face", new { consent = true, face = someoneElse })).EnsureSuccessStatusCode();
        var covered = await ReadAsync<KioskSyncResult>(await kiosk.PostAsJsonAsync("/api/v1/kiosk/check-ins", new
        {
            checkIns = new[] { new { idempotencyKey = "face-covered-01", sessionId = session.Id, kind = "in", at = now.AddMinutes(7), face = someoneElse, photo = Convert.ToBase64String(FacePhotos.Bytes("noface.jpg")) } },
        }), HttpStatusCode.OK);
        covered.Items.Single().Outcome.Should().Be("recorded");
        (await ReadAsync<List<SessionPhotoDto>>(await a.Hr.GetAsync($"/api/v1/sessions/{session.Id}/photos"), HttpStatusCode.OK))
            .Single(p => p.CapturedAt == now.AddMinutes(7)).Flags.Should().Equal(["fewer_faces"], "no face on the kiosk's still of a face check-in");
        (await colleague.DeleteAsync("/api/v1/me/face")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await ReadAsync<FaceStatusDto>(await colleague.GetAsync("/api/v1/me/face"), HttpStatusCode.OK)).Enrolled.Should().BeFalse();
    }

    [Fact]
    public async Task A_kiosk_that_needs_proof_takes_a_badge_only_with_the_right_PIN_and_locks_it_after_five_wrong_ones()
    {
        var a = await ActorsAsync("FN");
        var course = await ClassroomCourseAsync(a, "FN-CLS", null);
        var now = App.Clock.GetUtcNow();
        var session = await SessionOfTwoAsync(a, course, "PIN 签到", now);
        var worker = await EmployeeUserAsync(a, "FNworker", a.Org.EmployeeA);
        foreach (var bad in new[] { "12", "1111", "12ab", "123456789" })
        {
            (await ErrorFieldsAsync(await worker.PutAsJsonAsync("/api/v1/me/kiosk-pin", new PinInput(bad)))).Should().Equal("pin");
        }

        (await CountAsync("training.kiosk_pin")).Should().Be(0);
        (await worker.PutAsJsonAsync("/api/v1/me/kiosk-pin", new PinInput("4831"))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await CountAsync($"audit.event WHERE entity_type = 'kiosk_pin' AND after::text LIKE '%4831%'")).Should().Be(0, "the PIN is kept as a hash only");

        var strict = await ReadAsync<KioskCreated>(await a.Admin.PostAsJsonAsync("/api/v1/kiosks", new KioskInput("总装车间 PIN", null, RequireProof: true)), HttpStatusCode.Created);
        using var kiosk = App.CreateClient();
        kiosk.DefaultRequestHeaders.Add("X-Kiosk-Token", strict.Token);
        async Task<KioskSyncItem> SyncAsync(string key, string employeeNo, string? pin) =>
            (await ReadAsync<KioskSyncResult>(await kiosk.PostAsJsonAsync("/api/v1/kiosk/check-ins",
                new KioskSyncInput([new KioskCheckIn(key, session.Id, employeeNo, "in", now.AddMinutes(1), pin)])), HttpStatusCode.OK)).Items.Single();

        (await SyncAsync("pin-badge-only", "FN1001", null)).Reason.Should().Be("This kiosk needs a PIN or the face");
        (await SyncAsync("pin-no-pin-set", "FN2001", "4831")).Reason.Should().Be("This employee has no PIN");
        (await SyncAsync("pin-wrong-0001", "FN1001", "0000")).Reason.Should().Be("Wrong PIN");
        var right = await SyncAsync("pin-right-0001", "FN1001", "4831");
        right.Outcome.Should().Be("recorded");
        (await CountAsync($"training.attendance WHERE session_id = '{session.Id}' AND method = 'kiosk_pin'")).Should().Be(1);

        for (var i = 0; i < 4; i++)
        {
            (await SyncAsync($"pin-wrong-1{i:000}", "FN1001", "9999")).Reason.Should().Be("Wrong PIN");
        }

        (await SyncAsync("pin-wrong-lock", "FN1001", "9999")).Reason.Should().Be("The PIN is locked");
        (await SyncAsync("pin-right-lock", "FN1001", "4831")).Reason.Should().Be("The PIN is locked", "even the right PIN waits for its owner to set a new one");
        (await ReadAsync<FaceStatusDto>(await worker.GetAsync("/api/v1/me/face"), HttpStatusCode.OK)).PinLocked.Should().BeTrue();
        (await worker.PutAsJsonAsync("/api/v1/me/kiosk-pin", new PinInput("5902"))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await ReadAsync<FaceStatusDto>(await worker.GetAsync("/api/v1/me/face"), HttpStatusCode.OK)).PinLocked.Should().BeFalse();
        (await SyncAsync("pin-right-0001", "FN1001", "4831")).Outcome.Should().Be("duplicate", "a replay of a recorded check-in is not judged again by today's PIN");
    }

    private static object Scores(JsonElement capture, double real) =>
        new { descriptor = capture.GetProperty("descriptor"), real, live = capture.GetProperty("live").GetDouble() };

    private async Task<byte[]> TemplateAsync(Guid employeeId)
    {
        await using var ds = App.OpenDataSource();
        await using var cmd = ds.CreateCommand($"SELECT encrypted_template FROM training.face_template WHERE id = '{employeeId}'");
        return (byte[])(await cmd.ExecuteScalarAsync())!;
    }
}
