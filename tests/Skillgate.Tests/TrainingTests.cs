using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>Sessions, double bookings, rotating QR check-in and a classroom course attended end to end.</summary>
public sealed class TrainingTests(SkillgateFactory factory) : TrainingTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task Double_booking_an_instructor_room_or_participant_is_refused_with_the_conflicts_until_a_reason_overrides_it()
    {
        var a = await ActorsAsync("TC");
        var course = await ClassroomCourseAsync(a, "TC-CLS", null);
        var instructor = await ReadAsync<JsonElement>(await a.Hr.PostAsJsonAsync("/api/v1/instructors", new InstructorInput("external", null, "赵老师", "协会", "安全", [course])), HttpStatusCode.Created);
        var teacher = instructor.GetProperty("id").GetGuid();
        var room = (await ReadAsync<RoomDto>(await a.Hr.PostAsJsonAsync("/api/v1/rooms", new RoomInput("TC-R1", "培训室", 20, "投影", null)), HttpStatusCode.Created)).Id;
        var start = new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero);
        var first = await ReadAsync<SessionDto>(await a.Hr.PostAsJsonAsync("/api/v1/sessions",
            new SessionInput(course, "上午班", room, start, start.AddHours(2), 1, [teacher], [a.Org.EmployeeA, a.Org.EmployeeB])), HttpStatusCode.Created);
        first.Participants.Select(p => p.Status).Should().BeEquivalentTo(["invited", "waitlisted"], "beyond the capacity people wait");

        var overlapping = new SessionInput(course, "插班", room, start.AddHours(1), start.AddHours(3), 10, [teacher], [a.Org.EmployeeA]);
        var preview = await ReadAsync<List<ConflictDto>>(await a.Hr.PostAsJsonAsync("/api/v1/sessions/conflicts", overlapping), HttpStatusCode.OK);
        preview.Select(c => c.Kind).Should().BeEquivalentTo(["room", "instructor", "participant"]);
        var sessionsBefore = await CountAsync("training.session");
        var refused = await a.Hr.PostAsJsonAsync("/api/v1/sessions", overlapping);
        refused.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be("conflicts");
        problem.GetProperty("conflicts").EnumerateArray().Select(c => c.GetProperty("who").GetString()).Should().Contain("赵老师").And.Contain("培训室");
        (await CountAsync("training.session")).Should().Be(sessionsBefore, "nothing is saved without a reason");
        var ui = await SkillgateFactory.PostFormAsync(a.Hr, "/Training/Sessions", new()
        {
            ["courseId"] = course.ToString(), ["roomId"] = room.ToString(), ["startsAt"] = Local(start.AddMinutes(30)), ["endsAt"] = Local(start.AddMinutes(90)), ["capacity"] = "10",
            ["instructorIds"] = teacher.ToString(),
        }, "/Training/Sessions");
        ui.StatusCode.Should().Be(HttpStatusCode.OK, "the page shows the conflicts before saving");
        (await ui.Content.ReadAsStringAsync()).Should().Contain("data-testid=\"conflicts\"").And.Contain("赵老师");

        var accepted = await ReadAsync<SessionDto>(await a.Hr.PostAsJsonAsync("/api/v1/sessions", overlapping with { OverrideReason = "赵老师两场连上，已确认" }), HttpStatusCode.Created);
        accepted.ConflictOverride.Should().Be("赵老师两场连上，已确认");
        var moved = await a.Hr.PutAsJsonAsync($"/api/v1/sessions/{first.Id}", new SessionUpdate(room, start.AddMinutes(30), start.AddHours(2), 1, [teacher], null, first.Version));
        (await CodeAsync(moved, HttpStatusCode.Conflict)).Should().Be("conflicts", "every change is checked again");

        (await ErrorFieldsAsync(await a.Hr.PostAsJsonAsync("/api/v1/sessions", new SessionInput(course, null, null, start, start.AddHours(-1), 10, [], [])))).Should().Contain("endsAt");
        var employee = await EmployeeUserAsync(a, "TCworker", a.Org.EmployeeA);
        (await employee.PostAsJsonAsync("/api/v1/sessions", overlapping)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await employee.GetAsync($"/api/v1/sessions/{first.Id}/qr")).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        // Taking someone off gives the seat to the first on the waitlist.
        var after = await ReadAsync<SessionDto>(await a.Hr.PostAsync($"/api/v1/sessions/{first.Id}/participants/{a.Org.EmployeeA}/cancel", null), HttpStatusCode.OK);
        after.Participants.Single(p => p.EmployeeId == a.Org.EmployeeB).Status.Should().Be("invited");
        after.Participants.Single(p => p.EmployeeId == a.Org.EmployeeA).Status.Should().Be("cancelled");

        // A participant working a shift at the time is a conflict too.
        var shift = await PostIdAsync(a.Admin, "/api/v1/shift-groups", new { code = "TC-S1", name = "甲班", orgUnitId = (Guid?)null, pattern = "三班倒 08:00-16:00" });
        var b = await a.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/employees/{a.Org.EmployeeB}");
        (await a.Admin.PutAsJsonAsync($"/api/v1/employees/{a.Org.EmployeeB}", new { name = "李娜", phone = "13800000002", email = (string?)null, managerId = (Guid?)null, shiftGroupId = shift, version = b.GetProperty("version").GetInt32() }))
            .EnsureSuccessStatusCode();
        // The shift's hours are the wall clock of the person's unit: the group's Asia/Shanghai, whatever the server's zone.
        var plantMorning = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.FromHours(8));
        var onShift = await ReadAsync<List<ConflictDto>>(await a.Hr.PostAsJsonAsync("/api/v1/sessions/conflicts",
            new SessionInput(course, null, null, plantMorning, plantMorning.AddHours(1), 10, [], [a.Org.EmployeeB])), HttpStatusCode.OK);
        onShift.Should().ContainSingle(c => c.Kind == "shift" && c.SessionTitle == "甲班");
        (await ReadAsync<List<ConflictDto>>(await a.Hr.PostAsJsonAsync("/api/v1/sessions/conflicts",
            new SessionInput(course, null, null, plantMorning.AddHours(7), plantMorning.AddHours(8), 10, [], [a.Org.EmployeeB])), HttpStatusCode.OK)).Should().BeEmpty("17:00 is after the shift");
    }

    [Fact]
    public async Task The_rotating_code_checks_in_once_and_a_code_from_a_minute_ago_or_a_forged_one_is_refused()
    {
        var a = await ActorsAsync("TQ");
        var course = await ClassroomCourseAsync(a, "TQ-CLS", null);
        var now = App.Clock.GetUtcNow();
        var session = await ReadAsync<SessionDto>(await a.Hr.PostAsJsonAsync("/api/v1/sessions",
            new SessionInput(course, "扫码测试", null, now.AddMinutes(5), now.AddHours(2), 10, [], [a.Org.EmployeeA])), HttpStatusCode.Created);
        var worker = await EmployeeUserAsync(a, "TQworker", a.Org.EmployeeA);
        var stranger = await EmployeeUserAsync(a, "TQother", a.Org.EmployeeB);

        var code = await ReadAsync<QrCodeDto>(await a.Hr.GetAsync($"/api/v1/sessions/{session.Id}/qr"), HttpStatusCode.OK);
        code.Url.Should().Contain("/Training/CheckIn?t=");
        var checkedIn = await ReadAsync<CheckInResult>(await worker.PostAsJsonAsync("/api/v1/check-ins", new QrCheckInInput(code.Token, 31.3, 120.6)), HttpStatusCode.OK);
        checkedIn.AlreadyRecorded.Should().BeFalse();
        checkedIn.Flags.Should().BeEmpty();
        (await ReadAsync<CheckInResult>(await worker.PostAsJsonAsync("/api/v1/check-ins", new QrCheckInInput(code.Token, null, null)), HttpStatusCode.OK))
            .AlreadyRecorded.Should().BeTrue("a second scan does not make a second record");
        var forged = code.Token[..^4] + "AAAA";
        (await CodeAsync(await stranger.PostAsJsonAsync("/api/v1/check-ins", new QrCheckInInput(forged, null, null)), HttpStatusCode.Conflict)).Should().Be("code_invalid", "a forged code is not an expired one");
        (await CodeAsync(await stranger.PostAsJsonAsync("/api/v1/check-ins", new QrCheckInInput("nonsense", null, null)), HttpStatusCode.Conflict)).Should().Be("code_invalid");

        App.Clock.Advance(TimeSpan.FromMinutes(1));
        (await CodeAsync(await stranger.PostAsJsonAsync("/api/v1/check-ins", new QrCheckInInput(code.Token, null, null)), HttpStatusCode.Conflict))
            .Should().Be("code_expired", "a code photographed or forwarded a minute ago no longer works");
        var fresh = await ReadAsync<QrCodeDto>(await a.Hr.GetAsync($"/api/v1/sessions/{session.Id}/qr"), HttpStatusCode.OK);
        fresh.Token.Should().NotBe(code.Token);
        (await ReadAsync<CheckInResult>(await stranger.PostAsJsonAsync("/api/v1/check-ins", new QrCheckInInput(fresh.Token, null, null)), HttpStatusCode.OK))
            .Flags.Should().Contain("not_on_roster", "someone not invited is recorded and flagged, not silently accepted");
        App.Clock.Advance(TimeSpan.FromMinutes(20));
        (await CountAsync($"training.attendance WHERE session_id = '{session.Id}'")).Should().Be(2);
        var page = await a.Hr.GetStringAsync($"/Training/Sessions/Details?id={session.Id}");
        page.Should().Contain("not on the roster", "the test client reads English");

        // One phone checking in for a colleague shows up, and HR reviews the flag once, with a comment.
        var friend = await PostIdAsync(a.Admin, "/api/v1/employees", new { employeeNo = "TQ1002", name = "刘洋", orgUnitId = a.Org.WorkshopA, positionId = a.Org.PositionA, hireDate = "2022-01-01" });
        (await a.Hr.PostAsJsonAsync($"/api/v1/sessions/{session.Id}/participants", new InviteInput([friend], null, null, null))).EnsureSuccessStatusCode();
        var buddy = await EmployeeUserAsync(a, "TQbuddy", friend);
        worker.DefaultRequestHeaders.Add("X-Device-Id", "phone-of-zhang");
        buddy.DefaultRequestHeaders.Add("X-Device-Id", "phone-of-zhang");
        var current = await ReadAsync<QrCodeDto>(await a.Hr.GetAsync($"/api/v1/sessions/{session.Id}/qr"), HttpStatusCode.OK);
        (await worker.PostAsJsonAsync("/api/v1/check-outs", new QrCheckInInput(current.Token, null, null))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await ReadAsync<CheckInResult>(await buddy.PostAsJsonAsync("/api/v1/check-ins", new QrCheckInInput(current.Token, null, null)), HttpStatusCode.OK))
            .Flags.Should().Contain("shared_device");
        var open = await ReadAsync<List<AnomalyDto>>(await a.Hr.GetAsync("/api/v1/anomalies"), HttpStatusCode.OK);
        var shared = open.Single(x => x.SessionId == session.Id && x.Flag == "shared_device" && x.EmployeeNo == "TQ1002");
        (await ErrorFieldsAsync(await a.Hr.PostAsJsonAsync("/api/v1/anomalies/review", new ReviewInput("attendance", shared.RecordId, "shared_device", "rejected", null)))).Should().Contain("comment");
        (await worker.PostAsJsonAsync("/api/v1/anomalies/review", new ReviewInput("attendance", shared.RecordId, "shared_device", "rejected", "x"))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await a.Hr.PostAsJsonAsync("/api/v1/anomalies/review", new ReviewInput("attendance", shared.RecordId, "shared_device", "rejected", "代签，已约谈"))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await CodeAsync(await a.Hr.PostAsJsonAsync("/api/v1/anomalies/review", new ReviewInput("attendance", shared.RecordId, "shared_device", "accepted", "改主意")), HttpStatusCode.Conflict))
            .Should().Be("already_reviewed");
        (await ReadAsync<List<AnomalyDto>>(await a.Hr.GetAsync("/api/v1/anomalies"), HttpStatusCode.OK)).Should().NotContain(x => x.RecordId == shared.RecordId && x.Flag == "shared_device");
        (await a.Hr.GetStringAsync("/Training/Anomalies?all=true")).Should().Contain("代签，已约谈");
    }

    [Fact]
    public async Task Simultaneous_scans_are_written_together_and_each_person_is_checked_in_once()
    {
        var a = await ActorsAsync("TB");
        var course = await ClassroomCourseAsync(a, "TB-CLS", null);
        var now = App.Clock.GetUtcNow();
        var session = await SessionOfTwoAsync(a, course, "同时扫码", now);
        var first = await EmployeeUserAsync(a, "TBworker1", a.Org.EmployeeA);
        var second = await EmployeeUserAsync(a, "TBworker2", a.Org.EmployeeB);
        var code = await ReadAsync<QrCodeDto>(await a.Hr.GetAsync($"/api/v1/sessions/{session.Id}/qr"), HttpStatusCode.OK);

        var scans = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? first : second).PostAsJsonAsync("/api/v1/check-ins", new QrCheckInInput(code.Token, null, null))));
        var results = await Task.WhenAll(scans.Select(r => ReadAsync<CheckInResult>(r, HttpStatusCode.OK)));
        results.Count(r => !r.AlreadyRecorded).Should().Be(2, "one new check-in per person, however many scans arrive in the same batch");
        (await CountAsync($"training.attendance WHERE session_id = '{session.Id}'")).Should().Be(2);
        (await CountAsync($"audit.event WHERE entity_type = 'attendance' AND after->>'session_id' = '{session.Id}'")).Should().Be(2, "each record is audited once");
    }

    [Fact]
    public async Task A_check_in_after_the_database_cut_the_writers_connection_is_still_recorded()
    {
        var a = await ActorsAsync("TW");
        var course = await ClassroomCourseAsync(a, "TW-CLS", null);
        var session = await SessionOfTwoAsync(a, course, "连接中断后签到", App.Clock.GetUtcNow());
        var first = await EmployeeUserAsync(a, "TWworker1", a.Org.EmployeeA);
        var second = await EmployeeUserAsync(a, "TWworker2", a.Org.EmployeeB);
        var code = await ReadAsync<QrCodeDto>(await a.Hr.GetAsync($"/api/v1/sessions/{session.Id}/qr"), HttpStatusCode.OK);
        await ReadAsync<CheckInResult>(await first.PostAsJsonAsync("/api/v1/check-ins", new QrCheckInInput(code.Token, null, null)), HttpStatusCode.OK);

        await using (var ds = App.OpenDataSource())
        await using (var cut = ds.CreateCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'WITH ins AS (%INSERT INTO training.attendance%'"))
        {
            ((long)(await cut.ExecuteScalarAsync())!).Should().Be(1, "the writer keeps one connection, the one that wrote the first check-in");
        }

        var result = await ReadAsync<CheckInResult>(await second.PostAsJsonAsync("/api/v1/check-ins", new QrCheckInInput(code.Token, null, null)), HttpStatusCode.OK);
        result.AlreadyRecorded.Should().BeFalse();
        (await CountAsync($"training.attendance WHERE session_id = '{session.Id}'")).Should().Be(2);
    }

    [Fact]
    public async Task Attending_a_classroom_course_in_and_out_makes_the_employee_qualified_and_marking_needs_a_reason()
    {
        var a = await ActorsAsync("TA");
        var sop = await CreateDocumentAsync(a, "SOP-TA", "涂装安全规程");
        var version = await ReleaseVersionAsync(a, sop, "major");
        (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { positionId = a.Org.PositionA, kind = "training", documentId = sop })).EnsureSuccessStatusCode();
        (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { positionId = a.Org.PositionB, kind = "training", documentId = sop })).EnsureSuccessStatusCode();
        var course = await ClassroomCourseAsync(a, "TA-CLS", version);
        var now = App.Clock.GetUtcNow();
        var session = await ReadAsync<SessionDto>(await a.Hr.PostAsJsonAsync("/api/v1/sessions",
            new SessionInput(course, "涂装安全课堂", null, now, now.AddHours(1), 10, [], [a.Org.EmployeeA, a.Org.EmployeeB])), HttpStatusCode.Created);
        var worker = await EmployeeUserAsync(a, "TAworker", a.Org.EmployeeA);
        var today = DateOnly.FromDateTime(now.ToLocalTime().DateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        (await a.Hr.GetStringAsync($"/Training/Calendar?view=week&date={today}&orgUnitId={a.Org.WorkshopA}")).Should().Contain("涂装安全课堂");
        (await a.Hr.GetStringAsync($"/Training/Calendar?view=month&date={today}&orgUnitId={a.Org.WorkshopB}")).Should().Contain("涂装安全课堂", "B's employee is invited");
        (await a.Hr.GetStringAsync($"/Training/Calendar?view=month&date={today}&orgUnitId={a.Org.Group}&roomId={Guid.NewGuid()}")).Should().NotContain("涂装安全课堂");

        var code = await ReadAsync<QrCodeDto>(await a.Hr.GetAsync($"/api/v1/sessions/{session.Id}/qr"), HttpStatusCode.OK);
        (await worker.PostAsJsonAsync("/api/v1/check-ins", new QrCheckInInput(code.Token, null, null))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await ErrorFieldsAsync(await a.Hr.PostAsJsonAsync($"/api/v1/sessions/{session.Id}/attendance", new MarkInput(a.Org.EmployeeB, "in", null)))).Should().Contain("reason");
        (await ReadAsync<CheckInResult>(await a.Hr.PostAsJsonAsync($"/api/v1/sessions/{session.Id}/attendance", new MarkInput(a.Org.EmployeeB, "in", "没有手机")), HttpStatusCode.OK))
            .Flags.Should().BeEmpty();
        App.Clock.Advance(TimeSpan.FromMinutes(58));
        var end = await ReadAsync<QrCodeDto>(await a.Hr.GetAsync($"/api/v1/sessions/{session.Id}/qr"), HttpStatusCode.OK);
        (await ReadAsync<CheckInResult>(await worker.PostAsJsonAsync("/api/v1/check-outs", new QrCheckInInput(end.Token, null, null)), HttpStatusCode.OK)).Kind.Should().Be("out");

        (await Status(a.Hr, a.Org.EmployeeA)).GetProperty("status").GetString().Should().Be("not_trained");
        var closed = await ReadAsync<CloseResult>(await a.Hr.PostAsync($"/api/v1/sessions/{session.Id}/close", null), HttpStatusCode.OK);
        closed.Should().Be(new CloseResult(1, 0, 1), "employee B never checked out");
        (await Status(a.Hr, a.Org.EmployeeA)).GetProperty("status").GetString().Should().Be("qualified");
        (await Status(a.Hr, a.Org.EmployeeB)).GetProperty("status").GetString().Should().Be("not_trained");
        var matrix = await a.Hr.GetFromJsonAsync<JsonElement>($"/api/v1/matrix?orgUnitId={a.Org.WorkshopA}");
        matrix.GetProperty("rows")[0].GetProperty("cells").EnumerateObject().Single().Value.GetProperty("status").GetString().Should().Be("qualified");
        (await CountAsync($"learning.course_completion WHERE course_id = '{course}' AND source = 'classroom'")).Should().Be(1);
        var byCourse = await ReadAsync<List<AttendanceRateRow>>(await a.Hr.GetAsync("/api/v1/attendance/report?group=course"), HttpStatusCode.OK);
        byCourse.Single(r => r.Label.StartsWith("TA-CLS", StringComparison.Ordinal)).Should().Be(new AttendanceRateRow("course", "TA-CLS · 课堂 TA-CLS", 2, 2, 100));
        var export = await a.Hr.GetAsync("/api/v1/attendance/report/export");
        (await export.Content.ReadAsByteArrayAsync()).Take(2).Should().Equal((byte)'P', (byte)'K');
        (await a.Hr.GetStringAsync("/Training/Reports?group=course")).Should().Contain("TA-CLS");
        (await CodeAsync(await worker.PostAsJsonAsync("/api/v1/check-ins", new QrCheckInInput(end.Token, null, null)), HttpStatusCode.Conflict)).Should().Be("session_not_scheduled");
    }

    [Fact]
    public async Task A_kiosk_sync_is_idempotent_keeps_device_times_accepts_out_of_order_and_needs_its_token()
    {
        var a = await ActorsAsync("TK");
        var course = await ClassroomCourseAsync(a, "TK-CLS", null);
        var now = App.Clock.GetUtcNow();
        var session = await SessionOfTwoAsync(a, course, "签到机测试", now);
        (await a.Hr.PostAsJsonAsync("/api/v1/kiosks", new KioskInput("K1", null))).StatusCode.Should().Be(HttpStatusCode.Forbidden, "an administrator registers kiosks");
        var created = await ReadAsync<KioskCreated>(await a.Admin.PostAsJsonAsync("/api/v1/kiosks", new KioskInput("焊接车间 1", null)), HttpStatusCode.Created);
        (await CountAsync($"audit.event WHERE entity_id = '{created.Kiosk.Id}' AND after::text LIKE '%{created.Token[^12..]}%'")).Should().Be(0, "the token is stored hashed");

        using var device = App.CreateClient();
        (await device.GetAsync("/api/v1/kiosk/sessions")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        device.DefaultRequestHeaders.Add("X-Kiosk-Token", created.Token + "x");
        (await device.GetAsync("/api/v1/kiosk/sessions")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        device.DefaultRequestHeaders.Remove("X-Kiosk-Token");
        device.DefaultRequestHeaders.Add("X-Kiosk-Token", created.Token);
        var sessions = await ReadAsync<List<KioskSession>>(await device.GetAsync("/api/v1/kiosk/sessions"), HttpStatusCode.OK);
        sessions.Single(s => s.Id == session.Id).Roster.Select(p => p.EmployeeNo).Should().BeEquivalentTo(["TK1001", "TK2001"]);

        var takenAt = now.AddMinutes(3);
        KioskCheckIn[] batch =
        [
            new("key-out-b-0001", session.Id, "TK2001", "out", now.AddMinutes(50)),
            new("key-in-a-00001", session.Id, "TK1001", "in", takenAt),
            new("key-in-b-00001", session.Id, "TK2001", "in", now.AddMinutes(4)),
            new("key-in-x-00001", session.Id, "NOBODY", "in", now),
        ];
        App.Clock.Advance(TimeSpan.FromMinutes(40));
        var first = await ReadAsync<KioskSyncResult>(await device.PostAsJsonAsync("/api/v1/kiosk/check-ins", new KioskSyncInput(batch)), HttpStatusCode.OK);
        first.Items.Select(i => i.Outcome).Should().Equal("recorded", "recorded", "recorded", "rejected");
        var replay = await ReadAsync<KioskSyncResult>(await device.PostAsJsonAsync("/api/v1/kiosk/check-ins", new KioskSyncInput(batch)), HttpStatusCode.OK);
        replay.Items.Select(i => i.Outcome).Should().Equal("duplicate", "duplicate", "duplicate", "rejected");
        (await CountAsync($"training.attendance WHERE session_id = '{session.Id}'")).Should().Be(3);
        var details = await ReadAsync<SessionDto>(await a.Hr.GetAsync($"/api/v1/sessions/{session.Id}"), HttpStatusCode.OK);
        var employeeA = details.Participants.Single(p => p.EmployeeNo == "TK1001");
        employeeA.CheckedInAt.Should().Be(takenAt, "the device's time is kept");
        employeeA.CheckInMethod.Should().Be("kiosk");
        employeeA.Flags.Should().Contain("late_sync", "it arrived 37 minutes after it was taken");
        details.Participants.Single(p => p.EmployeeNo == "TK2001").Flags.Should().Contain("out_before_in");
    }

    [Fact]
    public async Task A_department_at_half_attendance_alerts_its_head_at_the_configured_time_once()
    {
        var a = await ActorsAsync("TL");
        var head = await App.CreateUserAsync(a.Admin, "TLhead", ["DepartmentHead"], scopeAll: false, scope: [a.Org.WorkshopA]);
        var second = await PostIdAsync(a.Admin, "/api/v1/employees", new { employeeNo = "TL1002", name = "王强", orgUnitId = a.Org.WorkshopA, positionId = a.Org.PositionA, hireDate = "2022-01-01" });
        var course = await ClassroomCourseAsync(a, "TL-CLS", null);
        var now = App.Clock.GetUtcNow();
        var session = await ReadAsync<SessionDto>(await a.Hr.PostAsJsonAsync("/api/v1/sessions",
            new SessionInput(course, "班前安全课", null, now, now.AddHours(1), 10, [], [a.Org.EmployeeA, second, a.Org.EmployeeB])), HttpStatusCode.Created);
        var worker = await EmployeeUserAsync(a, "TLworker", a.Org.EmployeeA);
        var code = await ReadAsync<QrCodeDto>(await a.Hr.GetAsync($"/api/v1/sessions/{session.Id}/qr"), HttpStatusCode.OK);
        (await worker.PostAsJsonAsync("/api/v1/check-ins", new QrCheckInInput(code.Token, null, null))).StatusCode.Should().Be(HttpStatusCode.OK);
        var live = await ReadAsync<List<DepartmentAttendance>>(await a.Hr.GetAsync($"/api/v1/sessions/{session.Id}/live"), HttpStatusCode.OK);
        live.Single(d => d.OrgUnitId == a.Org.WorkshopA).Rate.Should().Be(50);
        (await a.Hr.GetStringAsync($"/Training/Sessions/Live?id={session.Id}")).Should().Contain("1 / 2");

        App.Clock.Advance(TimeSpan.FromMinutes(10));
        await a.Admin.PostAsync("/api/v1/jobs/attendance-alerts", null);
        (await NotificationsAsync(head)).Should().Be(0, "the alert waits for the configured 15 minutes");
        App.Clock.Advance(TimeSpan.FromMinutes(6));
        await a.Admin.PostAsync("/api/v1/jobs/attendance-alerts", null);
        await a.Admin.PostAsync("/api/v1/jobs/attendance-alerts", null);
        (await NotificationsAsync(head)).Should().Be(1, "workshop A is at 50 %, and its head is told once");
        (await NotificationsAsync(null, "TLworker")).Should().Be(0);
    }

    [Fact]
    public async Task Photos_taken_before_the_session_reused_in_another_session_or_edited_are_flagged_from_their_EXIF()
    {
        var a = await ActorsAsync("TP");
        var course = await ClassroomCourseAsync(a, "TP-CLS", null);
        var now = App.Clock.GetUtcNow();
        var first = await ReadAsync<SessionDto>(await a.Hr.PostAsJsonAsync("/api/v1/sessions", new SessionInput(course, "第一场", null, now, now.AddHours(2), 10, [], [a.Org.EmployeeA])), HttpStatusCode.Created);
        var second = await ReadAsync<SessionDto>(await a.Hr.PostAsJsonAsync("/api/v1/sessions", new SessionInput(course, "第二场", null, now.AddHours(3), now.AddHours(4), 10, [], [])), HttpStatusCode.Created);

        var picture = ScenePhotos.Bytes("flower.jpg");
        var inTime = await UploadAsync(a.Hr, first.Id, ExifJpeg.Create(now.AddMinutes(20), software: "HUAWEI P60 1.0.0", salt: "good", photo: picture));
        inTime.Flags.Should().BeEmpty();
        inTime.CapturedAt.Should().Be(now.AddMinutes(20));
        (await UploadAsync(a.Hr, first.Id, ExifJpeg.Create(now.AddHours(-2).ToOffset(TimeSpan.FromHours(8)), salt: "old", photo: picture))).Flags.Should().Equal("before_session");
        (await UploadAsync(a.Hr, second.Id, ExifJpeg.Create(now.AddMinutes(20), software: "HUAWEI P60 1.0.0", salt: "good", photo: picture))).Flags
            .Should().Contain("photo_reused").And.Contain("before_session", "it was taken for the first session");
        (await UploadAsync(a.Hr, first.Id, ExifJpeg.Create(now.AddMinutes(30), software: "Adobe Photoshop 25.0", salt: "ps", photo: ScenePhotos.Bytes("temple_china.jpg")))).Flags.Should().Equal("edited");
        (await UploadAsync(a.Hr, first.Id, ExifJpeg.Create(now.AddMinutes(30), modified: now.AddDays(1), salt: "changed", photo: ScenePhotos.Bytes("grace_hopper_portrait.jpg")))).Flags.Should().Equal("edited");
        var scan = new MultipartFormDataContent { { new ByteArrayContent(ScenePhotos.Bytes("rocket_launchpad.jpg")), "file", "no-exif.jpg" } };
        (await ReadAsync<SessionPhotoDto>(await a.Hr.PostAsync($"/api/v1/sessions/{first.Id}/photos", scan), HttpStatusCode.Created)).Flags.Should().Equal("no_capture_time");
        var text = new MultipartFormDataContent { { new ByteArrayContent("not a photo"u8.ToArray()), "file", "photo.jpg" } };
        (await ErrorFieldsAsync(await a.Hr.PostAsync($"/api/v1/sessions/{first.Id}/photos", text))).Should().Contain("file");
        var worker = await EmployeeUserAsync(a, "TPworker", a.Org.EmployeeA);
        var forbidden = new MultipartFormDataContent { { new ByteArrayContent(ExifJpeg.Create(now)), "file", "x.jpg" } };
        (await worker.PostAsync($"/api/v1/sessions/{first.Id}/photos", forbidden)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await a.Hr.GetStringAsync($"/Training/Sessions/Details?id={first.Id}")).Should().Contain("taken before the session");
    }

    [Fact]
    public async Task People_who_lack_a_training_requirement_are_invited_to_the_next_session_of_their_unit_once()
    {
        var a = await ActorsAsync("TM");
        var sop = await CreateDocumentAsync(a, "SOP-TM", "喷涂作业规程");
        var version = await ReleaseVersionAsync(a, sop, "major");
        (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { positionId = a.Org.PositionA, kind = "training", documentId = sop })).EnsureSuccessStatusCode();
        var course = await ClassroomCourseAsync(a, "TM-CLS", version);
        var worker = await App.CreateUserAsync(a.Admin, "TMworker", ["Employee"], scopeAll: false, employeeId: a.Org.EmployeeA);
        var head = await App.CreateUserAsync(a.Admin, "TMhead", ["DepartmentHead"], scopeAll: false, scope: [a.Org.WorkshopA]);
        var start = App.Clock.GetUtcNow().AddDays(3);
        var session = await ReadAsync<SessionDto>(await a.Hr.PostAsJsonAsync("/api/v1/sessions",
            new SessionInput(course, "喷涂规程必修课", null, start, start.AddHours(2), 5, [], [], OrgUnitId: a.Org.Plant)), HttpStatusCode.Created);
        session.Participants.Should().BeEmpty("nobody is named; inviting a unit is the job's work here");

        (await ReadAsync<JsonElement>(await a.Hr.PostAsync("/api/v1/jobs/mandatory-invites", null), HttpStatusCode.OK)).GetProperty("invited").GetInt32().Should().BeGreaterThan(0);
        var invited = (await ReadAsync<SessionDto>(await a.Hr.GetAsync($"/api/v1/sessions/{session.Id}"), HttpStatusCode.OK)).Participants;
        invited.Select(p => p.EmployeeId).Should().Equal([a.Org.EmployeeA], "only the welder's post requires the SOP");
        (await NotificationsAsync(worker)).Should().Be(1);
        (await NotificationsAsync(head)).Should().Be(1, "the department head is told too");
        (await ReadAsync<JsonElement>(await a.Hr.PostAsync("/api/v1/jobs/mandatory-invites", null), HttpStatusCode.OK)).GetProperty("invited").GetInt32().Should().Be(0);
        (await NotificationsAsync(worker)).Should().Be(1, "once");

        App.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(1));
        var hr = await App.SignInAsync("TMhr", Password);
        (await hr.PostAsync("/api/v1/jobs/mandatory-invites", null)).EnsureSuccessStatusCode();
        (await hr.PostAsync("/api/v1/jobs/mandatory-invites", null)).EnsureSuccessStatusCode();
        (await NotificationsAsync(worker)).Should().Be(2, "two days before the session a daily reminder starts, once a day");
        (await NotificationsAsync(head)).Should().Be(2);
        App.Clock.Advance(TimeSpan.FromDays(1));
        hr = await App.SignInAsync("TMhr", Password);
        (await hr.PostAsync("/api/v1/jobs/mandatory-invites", null)).EnsureSuccessStatusCode();
        (await NotificationsAsync(worker)).Should().Be(3);
    }

    [Fact]
    public async Task A_plan_estimates_its_cost_against_the_budget_and_HR_other_than_its_author_approves_it()
    {
        var a = await ActorsAsync("TN");
        var course = await ClassroomCourseAsync(a, "TN-CLS", null);
        await App.CreateUserAsync(a.Admin, "TNhr2", ["HR"], scopeAll: true);
        var otherHr = await App.SignInAsync("TNhr2", Password);
        await App.CreateUserAsync(a.Admin, "TNhead", ["DepartmentHead"], scopeAll: false, scope: [a.Org.WorkshopB]);
        var head = await App.SignInAsync("TNhead", Password);

        (await ErrorFieldsAsync(await a.Hr.PostAsJsonAsync("/api/v1/plans", new PlanInput("2027 Q1", "quarter", new DateOnly(2027, 2, 1), a.Org.WorkshopA, 5000)))).Should().Contain("periodStart");
        (await head.PostAsJsonAsync("/api/v1/plans", new PlanInput("越权", "month", new DateOnly(2027, 1, 1), a.Org.WorkshopA, 0))).StatusCode.Should().Be(HttpStatusCode.NotFound, "outside the head's scope");
        var plan = await ReadAsync<PlanDto>(await a.Hr.PostAsJsonAsync("/api/v1/plans", new PlanInput("焊接车间 2027 Q1 培训计划", "quarter", new DateOnly(2027, 1, 1), a.Org.WorkshopA, 1000)), HttpStatusCode.Created);
        (await CodeAsync(await a.Hr.PostAsync($"/api/v1/plans/{plan.Id}/submit", null), HttpStatusCode.Conflict)).Should().Be("plan_empty");
        (await ErrorFieldsAsync(await a.Hr.PostAsJsonAsync($"/api/v1/plans/{plan.Id}/items", new PlanItemInput(course, a.Org.PositionA, 10, new DateOnly(2027, 5, 1), null)))).Should().Contain("plannedMonth");
        plan = await ReadAsync<PlanDto>(await a.Hr.PostAsJsonAsync($"/api/v1/plans/{plan.Id}/items", new PlanItemInput(course, a.Org.PositionA, 10, new DateOnly(2027, 2, 1), "焊接不良率上升")), HttpStatusCode.OK);
        plan.EstimatedCost.Should().Be(1200, "10 people × ¥120");
        (await a.Hr.GetStringAsync($"/Training/Plans/Details?id={plan.Id}")).Should().Contain("1,200").And.Contain("1,000");
        (await a.Hr.PostAsync($"/api/v1/plans/{plan.Id}/submit", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await CodeAsync(await a.Hr.PostAsJsonAsync($"/api/v1/plans/{plan.Id}/approve", new PlanDecision(null)), HttpStatusCode.Conflict)).Should().Be("author_cannot_approve");
        (await a.Approver.PostAsJsonAsync($"/api/v1/plans/{plan.Id}/approve", new PlanDecision(null))).StatusCode.Should().Be(HttpStatusCode.Forbidden, "HR approves plans");
        (await ErrorFieldsAsync(await otherHr.PostAsJsonAsync($"/api/v1/plans/{plan.Id}/return", new PlanDecision(null)))).Should().Contain("comment");
        (await otherHr.PostAsJsonAsync($"/api/v1/plans/{plan.Id}/approve", new PlanDecision("同意，注意控制预算"))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var approved = await ReadAsync<PlanDto>(await a.Hr.GetAsync($"/api/v1/plans/{plan.Id}"), HttpStatusCode.OK);
        approved.Status.Should().Be("approved");
        approved.ApprovedByName.Should().Be("TNhr2");
        (await CodeAsync(await a.Hr.PostAsJsonAsync($"/api/v1/plans/{plan.Id}/items", new PlanItemInput(course, null, 1, null, null)), HttpStatusCode.Conflict)).Should().Be("plan_not_editable");
    }

    /// <summary>A time as the session form's datetime-local field holds it (the server's local wall-clock time).</summary>
    private static string Local(DateTimeOffset at) => at.ToLocalTime().ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
