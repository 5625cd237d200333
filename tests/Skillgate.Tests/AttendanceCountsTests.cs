using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>
/// Attendance decides completion and the decision follows the evidence: flags held for review, rejected flags and revoked
/// attendance revoke what was earned (certificate, qualification, the trace's reading of the window), short stays do not count.
/// </summary>
public sealed class AttendanceCountsTests(SkillgateFactory factory) : TrainingTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task A_rejected_shared_device_check_in_gives_no_completion_and_an_accepted_flag_completes_the_person_then()
    {
        var a = await ActorsAsync("AS");
        var (course, _) = await CourseWithRequirementAsync(a, "AS");
        var friend = await PostIdAsync(a.Admin, "/api/v1/employees", new { employeeNo = "AS3001", name = "王强", orgUnitId = a.Org.WorkshopA, positionId = a.Org.PositionA, hireDate = "2022-01-01" });
        var start = App.Clock.GetUtcNow();
        var session = await ReadAsync<SessionDto>(await a.Hr.PostAsJsonAsync("/api/v1/sessions",
            new SessionInput(course, "代签测试", null, start, start.AddHours(2), 10, [], [a.Org.EmployeeA, a.Org.EmployeeB, friend])), HttpStatusCode.Created);
        var owner = await EmployeeUserAsync(a, "ASowner", a.Org.EmployeeA);
        var borrower = await EmployeeUserAsync(a, "ASborrow", a.Org.EmployeeB);
        var third = await EmployeeUserAsync(a, "ASthird", friend);
        var code = await ReadAsync<QrCodeDto>(await a.Hr.GetAsync($"/api/v1/sessions/{session.Id}/qr"), HttpStatusCode.OK);
        foreach (var client in new[] { owner, borrower, third })
        {
            client.DefaultRequestHeaders.Add("X-Device-Id", "phone-of-zhang");
            await ReadAsync<CheckInResult>(await client.PostAsJsonAsync("/api/v1/check-ins", new QrCheckInInput(code.Token, null, null)), HttpStatusCode.OK);
        }

        App.Clock.Advance(TimeSpan.FromMinutes(115));
        var end = await ReadAsync<QrCodeDto>(await a.Hr.GetAsync($"/api/v1/sessions/{session.Id}/qr"), HttpStatusCode.OK);
        foreach (var (client, phone) in new[] { (owner, "phone-of-zhang"), (borrower, "phone-of-li"), (third, "phone-of-wang") })
        {
            client.DefaultRequestHeaders.Remove("X-Device-Id");
            client.DefaultRequestHeaders.Add("X-Device-Id", phone);
            await ReadAsync<CheckInResult>(await client.PostAsJsonAsync("/api/v1/check-outs", new QrCheckInInput(end.Token, null, null)), HttpStatusCode.OK);
        }

        var flags = (await ReadAsync<List<AnomalyDto>>(await a.Hr.GetAsync("/api/v1/anomalies"), HttpStatusCode.OK)).Where(x => x.SessionId == session.Id).ToList();
        flags.Select(x => (x.EmployeeNo, x.Flag, x.Blocking)).Should().BeEquivalentTo([("AS2001", "shared_device", true), ("AS3001", "shared_device", true)]);
        (await a.Hr.GetStringAsync("/Training/Anomalies")).Should().Contain("completion withheld until reviewed", "the consequence is shown next to the flag");
        (await a.Hr.PostAsJsonAsync("/api/v1/anomalies/review", new ReviewInput("attendance", flags.Single(x => x.EmployeeNo == "AS2001").RecordId, "shared_device", "rejected", "代签，已约谈")))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);

        var closed = await ReadAsync<CloseResult>(await a.Hr.PostAsync($"/api/v1/sessions/{session.Id}/close", null), HttpStatusCode.OK);
        closed.Should().Be(new CloseResult(1, 1, 1), "A is clean, the friend waits for review of his flag, B's check-in was rejected");
        (await CompletionsAsync(course, a.Org.EmployeeB)).Should().Be(0, "a rejected shared-device check-in earns nothing");
        (await CompletionsAsync(course, friend)).Should().Be(0, "a blocking flag holds the completion until reviewed");
        (await QualificationAsync(a.Hr, a.Org.EmployeeB)).Should().Be("not_trained");
        var details = await ReadAsync<SessionDto>(await a.Hr.GetAsync($"/api/v1/sessions/{session.Id}"), HttpStatusCode.OK);
        details.Participants.Select(p => (p.EmployeeNo, p.Result)).Should().BeEquivalentTo([("AS1001", "completed"), ("AS2001", "not_completed"), ("AS3001", "pending_review")]);
        details.Participants.Single(p => p.EmployeeNo == "AS2001").ResultReasons.Should().Equal("rejected:shared_device");
        (await LedgerAsync(a.Org.EmployeeA)).Should().Be((10L, 1L), "the clean attendee earns the course's points value");
        (await LedgerAsync(a.Org.EmployeeB)).Should().Be((0L, 0L), "a rejected check-in earns no points");
        (await LedgerAsync(friend)).Should().Be((0L, 0L), "attendance still under review earns no points");
        var page = await a.Hr.GetStringAsync($"/Training/Sessions/Details?id={session.Id}");
        page.Should().Contain("pending review").And.Contain("1 waiting for review").And.Contain("rejected: one device for several people");

        (await a.Hr.PostAsJsonAsync("/api/v1/anomalies/review", new ReviewInput("attendance", flags.Single(x => x.EmployeeNo == "AS3001").RecordId, "shared_device", "accepted", "手机没电，借用同事手机")))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await CompletionsAsync(course, friend)).Should().Be(1, "accepting the flag completes the person then");
        (await LedgerAsync(friend)).Should().Be((10L, 1L), "and pays the points then");
        (await QualificationAsync(a.Hr, friend)).Should().Be("qualified");
        (await QualificationAsync(a.Hr, a.Org.EmployeeA)).Should().Be("qualified");
        (await ReadAsync<SessionDto>(await a.Hr.GetAsync($"/api/v1/sessions/{session.Id}"), HttpStatusCode.OK)).Participants.Single(p => p.EmployeeNo == "AS3001").Result.Should().Be("completed");
        (await CountAsync($"audit.event WHERE entity_type = 'session_result' AND entity_id = '{session.Id}'")).Should().BeGreaterThanOrEqualTo(4, "each decision is audited");
    }

    [Fact]
    public async Task Rejecting_a_flag_after_the_close_revokes_the_completion_the_certificate_the_qualification_and_the_trace_marks_the_window()
    {
        var a = await ActorsAsync("AR");
        var (course, document) = await CourseWithRequirementAsync(a, "AR");
        var operation = await PostIdAsync(a.Hr, "/api/v1/operations", new { code = "AR-WELD", name = "焊接", orgUnitId = a.Org.WorkshopA });
        await PostIdAsync(a.Hr, "/api/v1/requirements", new { operationId = operation, kind = "training", documentId = document });
        var start = App.Clock.GetUtcNow();
        var session = await SessionOfTwoAsync(a, course, "撤销测试", start);
        var worker = await PhoneUserAsync(a, "ARworker", a.Org.EmployeeA);
        App.Clock.Advance(TimeSpan.FromMinutes(15));
        var late = await ReadAsync<CheckInResult>(await worker.PostAsJsonAsync("/api/v1/check-ins",
            new QrCheckInInput((await ReadAsync<QrCodeDto>(await a.Hr.GetAsync($"/api/v1/sessions/{session.Id}/qr"), HttpStatusCode.OK)).Token, null, null)), HttpStatusCode.OK);
        late.Flags.Should().Equal("late");
        App.Clock.Advance(TimeSpan.FromMinutes(105));
        await ReadAsync<CheckInResult>(await worker.PostAsJsonAsync("/api/v1/check-outs",
            new QrCheckInInput((await ReadAsync<QrCodeDto>(await a.Hr.GetAsync($"/api/v1/sessions/{session.Id}/qr"), HttpStatusCode.OK)).Token, null, null)), HttpStatusCode.OK);
        (await ReadAsync<CloseResult>(await a.Hr.PostAsync($"/api/v1/sessions/{session.Id}/close", null), HttpStatusCode.OK))
            .Should().Be(new CloseResult(1, 0, 1), "a late check-in is informational and 105 of 120 minutes is enough; B never came");
        (await QualificationAsync(a.Hr, a.Org.EmployeeA)).Should().Be("qualified");
        var certificate = (await ReadAsync<List<CertificateDto>>(await worker.GetAsync("/api/v1/me/certificates"), HttpStatusCode.OK)).Single(c => c.CourseId == course);
        using var anonymous = App.CreateClient();
        (await ReadAsync<CertificateVerification>(await anonymous.GetAsync($"/api/v1/certificates/verify/{certificate.Number}"), HttpStatusCode.OK)).Genuine.Should().BeTrue();

        App.Clock.Advance(TimeSpan.FromMinutes(30));
        var worked = App.Clock.GetUtcNow();
        await ReadAsync<IngestResult>(await a.Author.PostAsJsonAsync("/api/v1/quality/operation-records", new[]
        {
            new OperationRecordInput("AR-O1", "AR-B1", "支架", null, "AR-WELD", null, "AR1001", worked, null),
        }), HttpStatusCode.OK);
        App.Clock.Advance(TimeSpan.FromHours(2));
        var flag = (await ReadAsync<List<AnomalyDto>>(await a.Hr.GetAsync("/api/v1/anomalies"), HttpStatusCode.OK)).Single(x => x.SessionId == session.Id);
        (await a.Hr.PostAsJsonAsync("/api/v1/anomalies/review", new ReviewInput("attendance", flag.RecordId, "late", "rejected", "迟到是因为在别的车间上班，签到由他人代扫")))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);

        var verification = await ReadAsync<CertificateVerification>(await anonymous.GetAsync($"/api/v1/certificates/verify/{certificate.Number}"), HttpStatusCode.OK);
        verification.Should().Match<CertificateVerification>(v => v.Revoked && !v.Genuine && !v.Current && v.RevokedOn == DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime));
        var publicPage = await anonymous.GetStringAsync($"/verify/{certificate.Number}");
        publicPage.Should().Contain("Certificate revoked on").And.NotContain("Genuine certificate");
        (await QualificationAsync(a.Hr, a.Org.EmployeeA)).Should().Be("not_trained", "the qualification returns to what it was without that completion");
        (await CountAsync($"competence.qualification_history WHERE employee_id = '{a.Org.EmployeeA}' AND status = 'not_trained' AND changed_at > '{worked.UtcDateTime:O}'")).Should().BeGreaterThan(0);
        var matrix = await a.Hr.GetFromJsonAsync<JsonElement>($"/api/v1/matrix?orgUnitId={a.Org.WorkshopA}");
        matrix.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("employeeNo").GetString() == "AR1001")
            .GetProperty("cells").EnumerateObject().Select(c => c.Value.GetProperty("status").GetString()).Should().OnlyContain(s => s == "not_trained");
        var gate = await a.Hr.GetFromJsonAsync<JsonElement>("/api/v1/qualification-check?employee=AR1001&operation=AR-WELD");
        gate.GetProperty("qualified").GetBoolean().Should().BeFalse("from now on the revoked completion does not count");

        var trace = await a.Hr.GetFromJsonAsync<BatchTrace>("/api/v1/trace/batches/AR-B1");
        var traced = trace!.Operations.Single();
        traced.QualifiedThen.Should().BeTrue("the gate let him work then; the trace keeps that answer");
        traced.Requirements.Single().Should().Match<TracedRequirement>(r => r.RevokedOn != null && r.RevokedReason!.Contains("代扫"));
        (await a.Hr.GetStringAsync("/Quality/Trace?batch=AR-B1")).Should().Contain("qualified on a completion later revoked");
        (await CountAsync($"audit.event WHERE entity_type = 'certificate' AND entity_id = '{certificate.Id}' AND action = 'updated'")).Should().Be(1);
        (await CountAsync($"learning.course_completion WHERE employee_id = '{a.Org.EmployeeA}' AND revoked_at IS NOT NULL")).Should().Be(1);
        (await LedgerAsync(a.Org.EmployeeA)).Should().Be((0L, 2L), "the revoked completion's points are taken back by a reversal entry");
        (await ReadAsync<SessionDto>(await a.Hr.GetAsync($"/api/v1/sessions/{session.Id}"), HttpStatusCode.OK)).Participants.Single(p => p.EmployeeNo == "AR1001").Result.Should().Be("revoked");
    }

    [Fact]
    public async Task Two_minutes_of_a_three_hour_class_do_not_complete_and_revoked_attendance_withdraws_a_completion()
    {
        var a = await ActorsAsync("AP");
        var (course, _) = await CourseWithRequirementAsync(a, "AP");
        var start = App.Clock.GetUtcNow();
        var session = await ReadAsync<SessionDto>(await a.Hr.PostAsJsonAsync("/api/v1/sessions",
            new SessionInput(course, "三小时课堂", null, start, start.AddHours(3), 10, [], [a.Org.EmployeeA, a.Org.EmployeeB])), HttpStatusCode.Created);
        var brief = await PhoneUserAsync(a, "APbrief", a.Org.EmployeeA);
        var stayer = await PhoneUserAsync(a, "APstay", a.Org.EmployeeB);
        await ScanAsync(a, brief, session.Id, "/api/v1/check-ins");
        await ScanAsync(a, stayer, session.Id, "/api/v1/check-ins");
        App.Clock.Advance(TimeSpan.FromMinutes(2));
        await ScanAsync(a, brief, session.Id, "/api/v1/check-outs");
        App.Clock.Advance(TimeSpan.FromMinutes(175));
        await ScanAsync(a, stayer, session.Id, "/api/v1/check-outs");

        (await ReadAsync<CloseResult>(await a.Hr.PostAsync($"/api/v1/sessions/{session.Id}/close", null), HttpStatusCode.OK)).Should().Be(new CloseResult(1, 0, 1));
        var details = await ReadAsync<SessionDto>(await a.Hr.GetAsync($"/api/v1/sessions/{session.Id}"), HttpStatusCode.OK);
        details.Participants.Single(p => p.EmployeeNo == "AP1001").Should().Match<ParticipantDto>(p => p.Result == "not_completed" && p.ResultReasons!.Contains("presence_short"));
        (await CompletionsAsync(course, a.Org.EmployeeA)).Should().Be(0, "2 minutes of 3 hours is not attendance");
        (await QualificationAsync(a.Hr, a.Org.EmployeeA)).Should().Be("not_trained");

        var stayerIn = details.Participants.Single(p => p.EmployeeNo == "AP2001").CheckInId!.Value;
        (await ErrorFieldsAsync(await a.Hr.PostAsJsonAsync($"/api/v1/attendance/{stayerIn}/revoke", new RevokeAttendanceInput(" ")))).Should().Equal("reason");
        (await stayer.PostAsJsonAsync($"/api/v1/attendance/{stayerIn}/revoke", new RevokeAttendanceInput("自己撤销"))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await CompletionsAsync(course, a.Org.EmployeeB, revoked: false)).Should().Be(1, "refused requests changed nothing");
        (await LedgerAsync(a.Org.EmployeeB)).Should().Be((10L, 1L));
        (await LedgerAsync(a.Org.EmployeeA)).Should().Be((0L, 0L), "two minutes earn nothing");
        (await a.Hr.PostAsJsonAsync($"/api/v1/attendance/{stayerIn}/revoke", new RevokeAttendanceInput("事后核实：本人当天在外地出差"))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await CodeAsync(await a.Hr.PostAsJsonAsync($"/api/v1/attendance/{stayerIn}/revoke", new RevokeAttendanceInput("再次撤销")), HttpStatusCode.Conflict)).Should().Be("already_revoked");
        (await CompletionsAsync(course, a.Org.EmployeeB, revoked: false)).Should().Be(0);
        (await QualificationAsync(a.Hr, a.Org.EmployeeB)).Should().Be("not_trained");
        (await LedgerAsync(a.Org.EmployeeB)).Should().Be((0L, 2L), "revoked attendance takes its points back");
        (await ReadAsync<SessionDto>(await a.Hr.GetAsync($"/api/v1/sessions/{session.Id}"), HttpStatusCode.OK)).Participants.Single(p => p.EmployeeNo == "AP2001")
            .Should().Match<ParticipantDto>(p => p.Result == "revoked" && p.AttendanceRevoked);
    }

    [Fact]
    public async Task A_course_rule_changes_what_counts_and_bad_rules_are_refused_without_change()
    {
        var a = await ActorsAsync("AU");
        var (course, _) = await CourseWithRequirementAsync(a, "AU");
        var rule = await ReadAsync<AttendanceRuleDto>(await a.Hr.GetAsync($"/api/v1/courses/{course}/attendance-rule"), HttpStatusCode.OK);
        rule.Should().Match<AttendanceRuleDto>(r => !r.Custom && r.RequireCheckOut && r.MinPresencePercent == 80 && r.BlockingFlags.Contains("shared_device") && !r.BlockingFlags.Contains("late"));
        (await ErrorFieldsAsync(await a.Hr.PutAsJsonAsync($"/api/v1/courses/{course}/attendance-rule", new AttendanceRuleInput(false, 101, ["teleported"], 0))))
            .Should().BeEquivalentTo(["minPresencePercent", "blockingFlags"]);
        var worker = await PhoneUserAsync(a, "AUworker", a.Org.EmployeeA);
        (await worker.PutAsJsonAsync($"/api/v1/courses/{course}/attendance-rule", new AttendanceRuleInput(false, 0, [], 0))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ReadAsync<AttendanceRuleDto>(await a.Hr.GetAsync($"/api/v1/courses/{course}/attendance-rule"), HttpStatusCode.OK)).Custom.Should().BeFalse("refused changes leave the defaults");

        var saved = await ReadAsync<AttendanceRuleDto>(await a.Hr.PutAsJsonAsync($"/api/v1/courses/{course}/attendance-rule", new AttendanceRuleInput(false, 50, ["late"], 0)), HttpStatusCode.OK);
        saved.Should().Match<AttendanceRuleDto>(r => r.Custom && !r.RequireCheckOut && r.MinPresencePercent == 50 && r.BlockingFlags.SequenceEqual(new[] { "late" }));
        (await CodeAsync(await a.Hr.PutAsJsonAsync($"/api/v1/courses/{course}/attendance-rule", new AttendanceRuleInput(true, 80, [], 0)), HttpStatusCode.Conflict)).Should().NotBeNull("a stale version is refused");
        (await a.Hr.GetStringAsync("/Training/Rules?q=AU-CLS")).Should().Contain("AU-CLS").And.Contain("custom");

        var start = App.Clock.GetUtcNow();
        var session = await SessionOfTwoAsync(a, course, "规则测试", start);
        App.Clock.Advance(TimeSpan.FromMinutes(20));
        await ScanAsync(a, worker, session.Id, "/api/v1/check-ins");
        App.Clock.Advance(TimeSpan.FromMinutes(100));
        (await ReadAsync<CloseResult>(await a.Hr.PostAsync($"/api/v1/sessions/{session.Id}/close", null), HttpStatusCode.OK))
            .Should().Be(new CloseResult(0, 1, 1), "without a check-out required, 100 of 120 minutes counts, but this course makes lateness blocking");
        (await ReadAsync<BulkAcceptResult>(await a.Hr.PostAsJsonAsync($"/api/v1/sessions/{session.Id}/accept-flags", new BulkAcceptInput("班车晚点")), HttpStatusCode.OK)).Accepted.Should().Be(1);
        (await CompletionsAsync(course, a.Org.EmployeeA)).Should().Be(1, "bulk acceptance completes those who waited only for review");
    }

    [Fact]
    public async Task A_contractor_without_an_account_is_invited_checks_in_on_the_kiosk_completes_and_is_refused_by_the_gate_on_a_standard_he_lacks()
    {
        var a = await ActorsAsync("AK");
        var (course, _) = await CourseWithRequirementAsync(a, "AK");
        var contractors = await PostIdAsync(a.Admin, "/api/v1/org-units", new { code = "AK-CON", name = "外包施工队", unitType = "workshop", parentId = a.Org.Plant, functions = new[] { "production" } });
        (await ErrorFieldsAsync(await a.Admin.PostAsJsonAsync("/api/v1/employees",
            new { employeeNo = "AK-C01", name = "孙浩", orgUnitId = contractors, hireDate = "2026-11-01", workerType = "contractor", idNumber = "12" })))
            .Should().BeEquivalentTo(["company", "idNumber"], "a contractor names his company, and an ID number has 6 to 30 characters");
        var contractor = await PostIdAsync(a.Admin, "/api/v1/employees", new
        {
            employeeNo = "AK-C01", name = "孙浩", phone = "13900000009", orgUnitId = contractors, positionId = a.Org.PositionA, hireDate = "2026-11-01",
            workerType = "contractor", company = "苏州恒力钢构工程有限公司", idNumber = "320501199001011234",
        });
        (await CountAsync($"auth.app_user WHERE employee_id = '{contractor}'")).Should().Be(0, "he has no login");
        var profile = await a.Hr.GetStringAsync($"/Organization/Employees/Profile?id={contractor}");
        profile.Should().Contain("contractor").And.Contain("苏州恒力钢构工程有限公司").And.Contain("**************1234").And.NotContain("320501199001011234");

        var blast = await CreateDocumentAsync(a, "SOP-AK-BLAST", "喷砂作业规程");
        await ReleaseVersionAsync(a, blast, "major");
        var operation = await PostIdAsync(a.Hr, "/api/v1/operations", new { code = "AK-BLAST", name = "喷砂", orgUnitId = contractors });
        await PostIdAsync(a.Hr, "/api/v1/requirements", new { operationId = operation, kind = "training", documentId = blast });

        var start = App.Clock.GetUtcNow();
        var session = await ReadAsync<SessionDto>(await a.Hr.PostAsJsonAsync("/api/v1/sessions",
            new SessionInput(course, "外包人员安全培训", null, start, start.AddHours(2), 10, [], [contractor])), HttpStatusCode.Created);
        var created = await ReadAsync<KioskCreated>(await a.Admin.PostAsJsonAsync("/api/v1/kiosks", new KioskInput("工地门岗", null)), HttpStatusCode.Created);
        using var kiosk = App.CreateClient();
        kiosk.DefaultRequestHeaders.Add("X-Kiosk-Token", created.Token);
        (await ReadAsync<List<KioskSession>>(await kiosk.GetAsync("/api/v1/kiosk/sessions"), HttpStatusCode.OK))
            .Single(s => s.Id == session.Id).Roster.Select(p => p.EmployeeNo).Should().Equal("AK-C01");
        (await ReadAsync<KioskSyncResult>(await kiosk.PostAsJsonAsync("/api/v1/kiosk/check-ins", new KioskSyncInput([new("ak-in-000001", session.Id, "AK-C01", "in", start.AddMinutes(1))])), HttpStatusCode.OK))
            .Items.Single().Outcome.Should().Be("recorded");
        App.Clock.Advance(TimeSpan.FromMinutes(119));
        var worker = await EmployeeUserAsync(a, "AKworker", a.Org.EmployeeA);
        (await CodeAsync(await a.Hr.PutAsJsonAsync($"/api/v1/employees/{a.Org.EmployeeA}/kiosk-pin", new PinInput("4821")), HttpStatusCode.Conflict))
            .Should().Be("has_login", "someone with a login sets their own PIN");
        (await worker.PutAsJsonAsync($"/api/v1/employees/{contractor}/kiosk-pin", new PinInput("4821"))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await a.Hr.PutAsJsonAsync($"/api/v1/employees/{contractor}/kiosk-pin", new PinInput("4821"))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await ReadAsync<KioskSyncResult>(await kiosk.PostAsJsonAsync("/api/v1/kiosk/check-ins", new KioskSyncInput([new("ak-out-00000", session.Id, "13900000009", "out", App.Clock.GetUtcNow(), "1111")])), HttpStatusCode.OK))
            .Items.Single().Outcome.Should().Be("rejected", "a wrong PIN");
        (await ReadAsync<KioskSyncResult>(await kiosk.PostAsJsonAsync("/api/v1/kiosk/check-ins", new KioskSyncInput([new("ak-out-00001", session.Id, "13900000009", "out", App.Clock.GetUtcNow(), "4821")])), HttpStatusCode.OK))
            .Items.Single().Outcome.Should().Be("recorded", "he checks out with his mobile number and PIN");
        (await CountAsync($"training.attendance WHERE employee_id = '{contractor}' AND kind = 'out' AND method = 'kiosk_pin'")).Should().Be(1);

        (await ReadAsync<CloseResult>(await a.Hr.PostAsync($"/api/v1/sessions/{session.Id}/close", null), HttpStatusCode.OK)).Should().Be(new CloseResult(1, 0, 0));
        (await CompletionsAsync(course, contractor)).Should().Be(1);
        (await CountAsync($"learning.certificate WHERE employee_id = '{contractor}' AND revoked_at IS NULL")).Should().Be(1, "he holds the certificate");
        var gate = await a.Hr.GetFromJsonAsync<JsonElement>("/api/v1/qualification-check?employee=AK-C01&operation=AK-BLAST");
        gate.GetProperty("allowed").GetBoolean().Should().BeFalse("he completed the safety course, not the blasting standard");
        gate.GetProperty("unmet").EnumerateArray().Select(u => u.GetProperty("requirement").GetString()).Should().ContainSingle(r => r!.Contains("SOP-AK-BLAST"));
    }

    /// <summary>An employee's own phone: test clients share one address and browser, so each names its device and browser.</summary>
    private async Task<HttpClient> PhoneUserAsync(Actors a, string userName, Guid employee)
    {
        var client = await EmployeeUserAsync(a, userName, employee);
        client.DefaultRequestHeaders.Add("X-Device-Id", "phone-" + userName);
        client.DefaultRequestHeaders.UserAgent.ParseAdd("SkillgateTestPhone/" + userName);
        return client;
    }

    private async Task ScanAsync(Actors a, HttpClient client, Guid session, string url)
    {
        var code = await ReadAsync<QrCodeDto>(await a.Hr.GetAsync($"/api/v1/sessions/{session}/qr"), HttpStatusCode.OK);
        await ReadAsync<CheckInResult>(await client.PostAsJsonAsync(url, new QrCheckInInput(code.Token, null, null)), HttpStatusCode.OK);
    }

    /// <summary>A classroom course on a released SOP that both test positions require.</summary>
    private async Task<(Guid Course, Guid Document)> CourseWithRequirementAsync(Actors a, string prefix)
    {
        var sop = await CreateDocumentAsync(a, $"SOP-{prefix}", "焊接安全规程");
        var version = await ReleaseVersionAsync(a, sop, "major");
        (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { positionId = a.Org.PositionA, kind = "training", documentId = sop })).EnsureSuccessStatusCode();
        (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { positionId = a.Org.PositionB, kind = "training", documentId = sop })).EnsureSuccessStatusCode();
        return (await ClassroomCourseAsync(a, $"{prefix}-CLS", version), sop);
    }

    private static async Task<string?> QualificationAsync(HttpClient client, Guid employee) =>
        (await client.GetFromJsonAsync<List<JsonElement>>($"/api/v1/employees/{employee}/qualifications"))!
            .Select(q => q.GetProperty("status").GetString()).Distinct().Single();

    private Task<long> CompletionsAsync(Guid course, Guid employee, bool? revoked = null) =>
        CountAsync($"learning.course_completion WHERE course_id = '{course}' AND employee_id = '{employee}'" + (revoked is false ? " AND revoked_at IS NULL" : ""));
}
