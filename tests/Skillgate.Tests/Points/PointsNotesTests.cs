using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Platform.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests.Points;

/// <summary>
/// Shared learning notes and certifications at points thresholds through the API and the pages: a note pays the note rule once,
/// only when an instructor of its course or HR approves it, and shows on the course page with its likes; a threshold reached
/// grants a numbered certificate and its skill level, which the stored qualification statuses follow.
/// </summary>
public sealed class PointsNotesTests(SkillgateFactory factory) : TrainingTestBase(factory), IClassFixture<SkillgateFactory>
{
    private const string Body = "学了 TIG 焊接参数课以后，我把起弧电流从 80A 调到 65A，气孔明显减少，本周返工少了 3 件。";

    [Fact]
    public async Task An_approved_note_pays_once_shows_on_the_course_page_and_colleagues_like_it_once()
    {
        var a = await ActorsAsync("PN");
        var course = await ClassroomCourseAsync(a, "PN-CLS", null);
        var teacher = await PostIdAsync(a.Admin, "/api/v1/employees", new { employeeNo = "PN4001", name = "赵讲师", orgUnitId = a.Org.WorkshopB, positionId = a.Org.PositionB, hireDate = "2015-01-01" });
        (await a.Hr.PostAsJsonAsync("/api/v1/instructors", new InstructorInput("internal", teacher, null, null, "焊接", [course]))).StatusCode.Should().Be(HttpStatusCode.Created);
        await App.CreateUserAsync(a.Admin, "PNinst", ["Instructor"], scopeAll: false, scope: [], employeeId: teacher);
        var instructor = await App.SignInAsync("PNinst", Password);
        await App.CreateUserAsync(a.Admin, "PNother", ["Instructor"], scopeAll: true);
        var otherInstructor = await App.SignInAsync("PNother", Password);
        var worker = await EmployeeUserAsync(a, "PNworker", a.Org.EmployeeA);
        var colleague = await EmployeeUserAsync(a, "PNcolleague", a.Org.EmployeeB);

        (await ErrorFieldsAsync(await worker.PostAsJsonAsync("/api/v1/points/notes", new NoteInput(null, "太短", null)))).Should().BeEquivalentTo(["courseId", "body"]);
        (await ErrorFieldsAsync(await worker.PostAsJsonAsync("/api/v1/points/notes", new NoteInput(Guid.NewGuid(), Body, null)))).Should().Equal("courseId");
        (await ErrorFieldsAsync(await worker.PostAsJsonAsync("/api/v1/points/notes", new NoteInput(course, Body, [Guid.NewGuid()])))).Should().Equal("photoFileIds");
        (await CountAsync("points.note")).Should().Be(0, "refused notes write nothing");

        using var upload = new MultipartFormDataContent { { new ByteArrayContent(Png()), "file", "weld.png" } };
        var photo = await ReadAsync<JsonElement>(await worker.PostAsync("/api/v1/points/notes/photos", upload), HttpStatusCode.Created);
        using var notAPicture = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4 not a photo"u8.ToArray()), "file", "weld.png" } };
        (await ErrorFieldsAsync(await worker.PostAsync("/api/v1/points/notes/photos", notAPicture))).Should().Equal("file");

        var note = await ReadAsync<NoteDto>(await worker.PostAsJsonAsync("/api/v1/points/notes", new NoteInput(course, Body, [photo.GetProperty("id").GetGuid()])), HttpStatusCode.Created);
        note.Should().Match<NoteDto>(n => n.Status == "submitted" && n.PhotoFileIds.Count == 1 && n.AuthorName.Length > 0);
        (await NotificationsAsync(null, "PNinst")).Should().Be(1, "the course's instructor is told a note waits");

        (await colleague.PutAsync($"/api/v1/points/notes/{note.Id}/like", null)).StatusCode.Should().Be(HttpStatusCode.NotFound, "a note waiting for review is not shown to colleagues");
        (await CodeAsync(await otherInstructor.PostAsJsonAsync($"/api/v1/points/notes/{note.Id}/decision", new NoteDecision("approve", 12, null)), HttpStatusCode.Forbidden))
            .Should().Be("points_not_course_instructor");
        (await worker.PostAsJsonAsync($"/api/v1/points/notes/{note.Id}/decision", new NoteDecision("approve", 12, null))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ErrorFieldsAsync(await a.Hr.PostAsJsonAsync($"/api/v1/points/notes/{note.Id}/decision", new NoteDecision("return", null, " ")))).Should().Equal("reason");
        (await ReadAsync<NoteDto>(await a.Hr.PostAsJsonAsync($"/api/v1/points/notes/{note.Id}/decision", new NoteDecision("return", null, "请补充改进前后的数据")), HttpStatusCode.OK))
            .Should().Match<NoteDto>(n => n.Status == "returned" && n.ReturnReason == "请补充改进前后的数据");
        (await LedgerAsync(a.Org.EmployeeA)).Should().Be((0L, 0L), "a returned note pays nothing");
        (await CodeAsync(await a.Hr.PutAsJsonAsync($"/api/v1/points/notes/{note.Id}", new NoteInput(null, Body + "（补充）", null)), HttpStatusCode.Forbidden)).Should().Be("points_not_author");
        var read = await ReadAsync<NoteDto>(await a.Hr.GetAsync($"/api/v1/points/notes/{note.Id}"), HttpStatusCode.OK);
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        (await ReadAsync<NoteDto>(await worker.PutAsJsonAsync($"/api/v1/points/notes/{note.Id}", new NoteInput(null, Body + " 改进前 8 件，改进后 5 件。", note.PhotoFileIds)), HttpStatusCode.OK))
            .Status.Should().Be("submitted");
        (await CodeAsync(await instructor.PostAsJsonAsync($"/api/v1/points/notes/{note.Id}/decision", new NoteDecision("approve", 12, null, read.UpdatedAt)), HttpStatusCode.Conflict))
            .Should().Be("points_note_changed", "a note changed after the reviewer read it is not approved unread");

        (await ErrorFieldsAsync(await instructor.PostAsJsonAsync($"/api/v1/points/notes/{note.Id}/decision", new NoteDecision("approve", 20, null)))).Should().Equal("points");
        (await ReadAsync<NoteDto>(await instructor.PostAsJsonAsync($"/api/v1/points/notes/{note.Id}/decision", new NoteDecision("approve", 12, null)), HttpStatusCode.OK))
            .Should().Match<NoteDto>(n => n.Status == "approved" && n.Points == 12);
        (await CodeAsync(await a.Hr.PostAsJsonAsync($"/api/v1/points/notes/{note.Id}/decision", new NoteDecision("approve", 15, null)), HttpStatusCode.Conflict)).Should().Be("points_note_decided");
        (await CodeAsync(await worker.PutAsJsonAsync($"/api/v1/points/notes/{note.Id}", new NoteInput(null, Body, null)), HttpStatusCode.Conflict)).Should().Be("points_note_decided");
        (await LedgerAsync(a.Org.EmployeeA, "note")).Should().Be((12L, 1L), "an approved note pays the note rule once");

        (await ReadAsync<NoteDto>(await colleague.PutAsync($"/api/v1/points/notes/{note.Id}/like", null), HttpStatusCode.OK)).Likes.Should().Be(1);
        (await ReadAsync<NoteDto>(await colleague.PutAsync($"/api/v1/points/notes/{note.Id}/like", null), HttpStatusCode.OK)).Likes.Should().Be(1, "liking twice counts once");
        (await CodeAsync(await worker.PutAsync($"/api/v1/points/notes/{note.Id}/like", null), HttpStatusCode.Conflict)).Should().Be("points_own_like");
        var feed = await ReadAsync<Page<NoteDto>>(await colleague.GetAsync($"/api/v1/points/courses/{course}/notes"), HttpStatusCode.OK);
        feed.Items.Should().ContainSingle().Which.Should().Match<NoteDto>(n => n.Likes == 1 && n.LikedByMe);

        var zh = await App.SignInAsync("PNcolleague", Password, "zh-CN");
        (await zh.GetStringAsync($"/Learning/Study?courseId={course}")).Should().Contain("学员心得").And.Contain("改进后 5 件");
        (await zh.GetStringAsync($"/Points/Notes?course={course}")).Should().Contain("本课程的学员心得").And.Contain("1 个赞");
        (await worker.GetStringAsync("/Points/Notes")).Should().Contain("My notes").And.Contain("Approved").And.Contain("PN-CLS");
        (await instructor.GetStringAsync("/Points/Notes/Review")).Should().Contain("No notes are waiting for you.");
        (await CountAsync("audit.event WHERE entity_type = 'points_note'")).Should().Be(4, "posted, returned, changed, approved");
    }

    [Fact]
    public async Task Reaching_a_threshold_grants_the_certification_once_with_its_skill_level()
    {
        var a = await ActorsAsync("PT");
        var worker = await EmployeeUserAsync(a, "PTworker", a.Org.EmployeeA);
        var skill = await PostIdAsync(a.Hr, "/api/v1/skills", new { code = "PT-OP", name = "设备操作", maxLevel = 4 });
        (await a.Hr.PostAsJsonAsync("/api/v1/points/corrections", new PointsCorrectionInput(a.Org.EmployeeB, 60, "growth", "补录"))).EnsureSuccessStatusCode();

        (await worker.PostAsJsonAsync("/api/v1/points/certification-rules", new CertificationRuleInput("ADV", "高级设备操作员", 50, 12, null, null, true))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ErrorFieldsAsync(await a.Hr.PostAsJsonAsync("/api/v1/points/certification-rules", new CertificationRuleInput(" ", null, 0, 99, skill, null, true))))
            .Should().BeEquivalentTo(["code", "name", "minPoints", "months", "skillLevel"]);
        var rule = await ReadAsync<CertificationRuleDto>(await a.Hr.PostAsJsonAsync("/api/v1/points/certification-rules",
            new CertificationRuleInput("ADV", "高级设备操作员", 50, 12, skill, 3, true)), HttpStatusCode.Created);
        rule.Holders.Should().Be(1, "B already had 60 points and is granted at once");

        (await a.Hr.PostAsJsonAsync("/api/v1/points/corrections", new PointsCorrectionInput(a.Org.EmployeeA, 40, "results", "补录考试"))).EnsureSuccessStatusCode();
        (await ReadAsync<List<CertificationDto>>(await worker.GetAsync("/api/v1/points/certifications/mine"), HttpStatusCode.OK)).Should().BeEmpty("40 is short of 50");
        (await a.Hr.PostAsJsonAsync("/api/v1/points/corrections", new PointsCorrectionInput(a.Org.EmployeeA, 15, "growth", "技能应用补录"))).EnsureSuccessStatusCode();
        var mine = await ReadAsync<List<CertificationDto>>(await worker.GetAsync("/api/v1/points/certifications/mine"), HttpStatusCode.OK);
        mine.Should().ContainSingle().Which.Should().Match<CertificationDto>(c => c.Name == "高级设备操作员" && c.Earned == 55 && c.Number.StartsWith("PC-2026-") && c.SkillLevel == 3);
        (await a.Hr.PostAsJsonAsync("/api/v1/points/corrections", new PointsCorrectionInput(a.Org.EmployeeA, 20, "growth", "再补录"))).EnsureSuccessStatusCode();
        (await CountAsync($"points.certification WHERE employee_id = '{a.Org.EmployeeA}'")).Should().Be(1, "a certification is granted once");
        (await CountAsync($"competence.skill_assessment WHERE employee_id = '{a.Org.EmployeeA}' AND skill_id = '{skill}' AND level = 3 AND method = 'points'"))
            .Should().Be(1, "the certification records its skill level for the gate");
        (await NotificationsAsync(null, "PTworker")).Should().Be(1);

        var zh = await App.SignInAsync("PTworker", Password, "zh-CN");
        (await zh.GetStringAsync($"/Points/Certifications/Print?id={mine[0].Id}")).Should().Contain(mine[0].Number).And.Contain("高级设备操作员").And.Contain("55 积分");
        (await zh.GetStringAsync("/Points/Certifications")).Should().Contain("我的积分证书").And.Contain(mine[0].Number);
        (await a.Hr.GetStringAsync("/Points/Certifications")).Should().Contain("Certificates granted").And.Contain("PT1001").And.Contain("PT2001");
        var other = await EmployeeUserAsync(a, "PTother", a.Org.EmployeeB);
        (await other.GetAsync($"/Points/Certifications/Print?id={mine[0].Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound, "another person's certificate is not theirs to see");
    }

    [Fact]
    public async Task A_points_requirements_stored_status_follows_the_ledger()
    {
        var a = await ActorsAsync("PQ");
        (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { positionId = a.Org.PositionA, kind = "points", minPoints = 30 })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await StatusAsync(a.Org.EmployeeA)).Should().Be("not_trained");
        (await a.Hr.PostAsJsonAsync("/api/v1/points/corrections", new PointsCorrectionInput(a.Org.EmployeeA, 30, "growth", "补录"))).EnsureSuccessStatusCode();
        (await StatusAsync(a.Org.EmployeeA)).Should().Be("qualified", "an award refreshes the stored status at once");
        (await a.Hr.PostAsJsonAsync("/api/v1/points/corrections", new PointsCorrectionInput(a.Org.EmployeeA, -10, "growth", "重复补录，扣回"))).EnsureSuccessStatusCode();
        (await StatusAsync(a.Org.EmployeeA)).Should().Be("not_trained");
    }

    private async Task<string?> StatusAsync(Guid employee)
    {
        await using var ds = App.OpenDataSource();
        await using var cmd = ds.CreateCommand(
            "SELECT q.status FROM competence.qualification q JOIN competence.requirement r ON r.id = q.requirement_id WHERE q.employee_id = @e AND r.kind = 'points'");
        cmd.Parameters.AddWithValue("e", employee);
        return (string?)await cmd.ExecuteScalarAsync();
    }

    private static byte[] Png()
    {
        using var image = new Image<Rgb24>(16, 16, new Rgb24(200, 90, 40));
        using var buffer = new MemoryStream();
        image.SaveAsPng(buffer);
        return buffer.ToArray();
    }
}
