using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Microsoft.AspNetCore.Mvc.Testing;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Platform.Excel;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>Course library, QA review, authoring guards, roles and scope, practical sign-off and feedback.</summary>
public sealed class LearningCourseTests(SkillgateFactory factory) : LearningTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task A_course_is_published_only_by_a_QA_approver_other_than_its_author_and_a_returned_course_shows_the_comment()
    {
        var a = await ActorsAsync("RV");
        var worker = await EmployeeUserAsync(a, "RVworker", a.Org.EmployeeA);
        var course = await CreateCourseAsync(a.Author, "RV-WELD", "焊接安全基础");
        course.Status.Should().Be("draft");
        course.Revision.Should().Be(1);
        course.AuthorName.Should().Be("RVqa1");
        await QuestionAsync(a.Author, new QuestionInput(course.Id, null, "true_false", "RV: 焊接前必须检查地线？", [], ["0"], 1, ["rv"]));
        var paper = await PaperAsync(a.Author, new PaperInput(course.Id, "RV 考试", "rules", 10, Rules: [new PaperRuleInput("true_false", "rv", 1, 1, 10)]));

        // Nobody learns from a draft.
        (await CodeAsync(await a.Hr.PostAsJsonAsync($"/api/v1/courses/{course.Id}/enrollments", new EnrollInput([a.Org.EmployeeA], null)), HttpStatusCode.Conflict)).Should().Be("course_not_published");
        (await CodeAsync(await worker.PostAsync($"/api/v1/papers/{paper.Id}/attempts", null), HttpStatusCode.Conflict)).Should().Be("course_not_published");
        (await CodeAsync(await worker.PostAsync($"/api/v1/me/learning/{course.Id}/enroll", null), HttpStatusCode.Conflict)).Should().Be("course_not_published");

        (await a.Author.PostAsync($"/api/v1/courses/{course.Id}/submit", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await GetCourseAsync(a.Hr, course.Id)).Status.Should().Be("in_review");
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        var edit = await a.Author.PutAsJsonAsync($"/api/v1/courses/{course.Id}", Update(course, "改标题"));
        (await CodeAsync(edit, HttpStatusCode.Conflict)).Should().Be("course_not_draft");

        (await CodeAsync(await ApproveAsync(a.Author, course.Id, Password), HttpStatusCode.Conflict)).Should().Be("author_cannot_approve");
        (await ApproveAsync(a.Hr, course.Id, Password)).StatusCode.Should().Be(HttpStatusCode.Forbidden, "only QA approves courses");
        (await ApproveAsync(a.Approver, course.Id, null)).StatusCode.Should().Be(HttpStatusCode.BadRequest, "the signature needs the password");
        (await CodeAsync(await ApproveAsync(a.Approver, course.Id, "not-my-password1"), HttpStatusCode.Conflict)).Should().Be("signature_invalid");
        (await CodeAsync(await a.Hr.PostAsJsonAsync($"/api/v1/courses/{course.Id}/enrollments", new EnrollInput([a.Org.EmployeeA], null)), HttpStatusCode.Conflict))
            .Should().Be("course_not_published", "a course in review is not published yet");
        (await GetCourseAsync(a.Hr, course.Id)).Status.Should().Be("in_review", "refused approvals change nothing");

        (await a.Approver.PostAsJsonAsync($"/api/v1/courses/{course.Id}/return", new ReturnInput(null))).StatusCode.Should().Be(HttpStatusCode.BadRequest, "returning needs a comment");
        (await a.Hr.PostAsJsonAsync($"/api/v1/courses/{course.Id}/return", new ReturnInput("x"))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        const string Comment = "请补充焊接烟尘防护的内容 RV-COMMENT-42";
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        (await a.Approver.PostAsJsonAsync($"/api/v1/courses/{course.Id}/return", new ReturnInput(Comment))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var returned = await GetCourseAsync(a.Author, course.Id);
        returned.Status.Should().Be("draft");
        returned.Reviews.Should().Contain(r => r.Action == "returned" && r.Comment == Comment && r.UserName == "RVqa2");
        var details = await a.Author.GetStringAsync($"/Learning/Courses/Details?id={course.Id}");
        details.Should().Contain("RV-COMMENT-42", "the author sees why the course came back");
        (await CodeAsync(await ApproveAsync(a.Approver, course.Id, Password), HttpStatusCode.Conflict)).Should().Be("course_not_in_review", "a draft cannot be approved");

        var fixedUp = await a.Author.PutAsJsonAsync($"/api/v1/courses/{course.Id}", Update(returned, "焊接安全基础（含烟尘防护）"));
        fixedUp.StatusCode.Should().Be(HttpStatusCode.OK, await fixedUp.Content.ReadAsStringAsync());
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        (await a.Author.PostAsync($"/api/v1/courses/{course.Id}/submit", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        (await ApproveAsync(a.Approver, course.Id, Password)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var published = await GetCourseAsync(a.Hr, course.Id);
        published.Status.Should().Be("published");
        published.Title.Should().Be("焊接安全基础（含烟尘防护）");
        published.PublishedByName.Should().Be("RVqa2");
        published.PublishedAt.Should().NotBeNull();
        published.Reviews.OrderBy(r => r.At).Select(r => r.Action).Should().Equal("submitted", "returned", "submitted", "approved");
        published.Reviews.Single(r => r.Action == "approved").SignatureMeaning.Should().Be("批准发布");
        (await a.Hr.GetStringAsync($"/Learning/Courses/Details?id={course.Id}")).Should().Contain("RV-COMMENT-42", "the review history stays visible");

        (await a.Hr.PostAsJsonAsync($"/api/v1/courses/{course.Id}/enrollments", new EnrollInput([a.Org.EmployeeA], new DateOnly(2026, 12, 31)))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var mine = await ReadAsync<MyLearning>(await worker.GetAsync("/api/v1/me/learning"), HttpStatusCode.OK);
        mine.Assigned.Should().ContainSingle(i => i.CourseId == course.Id).Which.DueOn.Should().Be(new DateOnly(2026, 12, 31));
        var attempt = await worker.PostAsync($"/api/v1/papers/{paper.Id}/attempts", null);
        attempt.StatusCode.Should().Be(HttpStatusCode.Created, await attempt.Content.ReadAsStringAsync());

        // Reopening a published course makes a new draft revision that must be reviewed again.
        (await a.Author.PostAsync($"/api/v1/courses/{course.Id}/reopen", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var reopened = await GetCourseAsync(a.Hr, course.Id);
        reopened.Status.Should().Be("draft");
        reopened.Revision.Should().Be(2);
        (await CodeAsync(await a.Hr.PostAsJsonAsync($"/api/v1/courses/{course.Id}/enrollments", new EnrollInput([a.Org.EmployeeB], null)), HttpStatusCode.Conflict)).Should().Be("course_not_published");
        var history = await a.Hr.GetFromJsonAsync<JsonElement>($"/api/v1/courses/{course.Id}/history");
        history.GetArrayLength().Should().BeGreaterThan(3, "every review step is in the audit trail");
    }

    [Fact]
    public async Task Bad_course_question_paper_and_import_input_is_refused_and_writes_nothing()
    {
        var a = await ActorsAsync("BI");
        var courses = await CountAsync("learning.course");
        var audit = await CountAsync("audit.event");
        var badKind = await a.Author.PostAsJsonAsync("/api/v1/courses", new CourseInput("BI-X", "网络研讨会", "webinar", 1, null, null, 0, 0));
        (await ErrorFieldsAsync(badKind)).Should().Contain(f => f.Equals("kind", StringComparison.OrdinalIgnoreCase));
        (await a.Author.PostAsJsonAsync("/api/v1/courses", new CourseInput("", "无编码", "online", 1, null, null, 0, 0))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await a.Author.PostAsJsonAsync("/api/v1/courses", new CourseInput("BI-NEG", "负课时", "online", -2, null, null, 0, 0))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await CountAsync("learning.course")).Should().Be(courses);
        (await CountAsync("audit.event")).Should().Be(audit, "a refused request leaves no trace");

        var course = await CreateCourseAsync(a.Author, "BI-C1", "装配基础");
        (await CodeAsync(await a.Author.PostAsJsonAsync("/api/v1/courses", new CourseInput("bi-c1", "重复", "online", 1, null, null, 0, 0)), HttpStatusCode.Conflict)).Should().Be("duplicate_code");
        using (var exe = new MultipartFormDataContent { { new ByteArrayContent("MZ not a video"u8.ToArray()), "file", "lesson.mp4" }, { new StringContent("第一课"), "title" }, { new StringContent("1"), "pages" } })
        {
            (await ErrorFieldsAsync(await a.Author.PostAsync($"/api/v1/courses/{course.Id}/materials", exe))).Should().Contain(f => f.Equals("file", StringComparison.OrdinalIgnoreCase));
        }

        var questions = await CountAsync("learning.question");
        (await a.Author.PostAsJsonAsync("/api/v1/questions", new QuestionInput(course.Id, null, "single", "BI: 超出范围的答案", ["甲", "乙", "丙"], ["5"], 2, ["bi"]))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await a.Author.PostAsJsonAsync("/api/v1/questions", new QuestionInput(course.Id, null, "single", "BI: 两个答案的单选", ["甲", "乙", "丙"], ["0", "1"], 2, ["bi"]))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await a.Author.PostAsJsonAsync("/api/v1/questions", new QuestionInput(course.Id, null, "essay", "BI: 未知题型", [], ["x"], 2, ["bi"]))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await a.Author.PostAsJsonAsync("/api/v1/questions", new QuestionInput(course.Id, null, "single", "BI: 难度越界", ["甲", "乙"], ["0"], 9, ["bi"]))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await a.Author.PostAsJsonAsync("/api/v1/questions", new QuestionInput(null, null, "fill", "BI: 无课程无技能", [], ["x"], 1, ["bi"]))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await CountAsync("learning.question")).Should().Be(questions);

        for (var i = 1; i <= 3; i++)
        {
            await QuestionAsync(a.Author, new QuestionInput(course.Id, null, "single", $"BI: 单选题 {i}", ["甲", "乙", "丙"], ["1"], 2, ["bi-tag"]));
        }

        var papers = await CountAsync("learning.paper");
        var tooMany = await a.Author.PostAsJsonAsync("/api/v1/papers", new PaperInput(course.Id, "BI 考试", "rules", 30, Rules: [new PaperRuleInput("single", "bi-tag", 2, 10, 10)]));
        (await CodeAsync(tooMany, HttpStatusCode.Conflict)).Should().Be("not_enough_questions");
        (await CodeAsync(await a.Author.PostAsJsonAsync("/api/v1/papers", new PaperInput(course.Id, "BI 考试", "rules", 30, Rules: [new PaperRuleInput("single", "bi-tag", 3, 1, 10)])), HttpStatusCode.Conflict))
            .Should().Be("not_enough_questions", "none of the questions is difficult enough");
        (await CountAsync("learning.paper")).Should().Be(papers);
        var fits = await PaperAsync(a.Author, new PaperInput(course.Id, "BI 考试", "rules", 30, Rules: [new PaperRuleInput("single", "bi-tag", 2, 3, 10)]));
        fits.MaxScore.Should().Be(30);
        fits.Rules.Single().Available.Should().Be(3);

        // The question import: read the template's layout, one bad row refuses the whole file.
        var template = await a.Author.GetAsync("/api/v1/questions/template");
        template.StatusCode.Should().Be(HttpStatusCode.OK);
        var (sheet, headers) = ReadTemplate(await template.Content.ReadAsByteArrayAsync());
        headers.Should().HaveCountGreaterThanOrEqualTo(8);
        var bad = QuestionWorkbook(sheet, headers,
        [
            ["BI-C1", null, "single", "BI-IMP: 焊条烘干温度？", "100℃|350℃|500℃", "B", 2, "bi-imp,焊材"],
            ["BI-C1", null, "single", "BI-IMP: 答案越界的题", "甲|乙|丙", "E", 2, "bi-imp"],
            ["BI-C1", null, "fill", "BI-IMP: 氩弧焊的英文缩写是____", null, "TIG", 1, "bi-imp"],
        ]);
        var refused = await ImportAsync(a.Author, bad);
        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest, await refused.Content.ReadAsStringAsync());
        ErrorRows(await refused.Content.ReadFromJsonAsync<JsonElement>()).Should().Equal(3);
        (await CountAsync("learning.question WHERE stem LIKE 'BI-IMP:%'")).Should().Be(0, "nothing of a refused file is imported");

        var good = QuestionWorkbook(sheet, headers,
        [
            ["BI-C1", null, "single", "BI-IMP: 焊条烘干温度？", "100℃|350℃|500℃", "B", 2, "bi-imp,焊材"],
            ["BI-C1", null, "true_false", "BI-IMP: 焊接时可以不戴面罩。", "正确|错误", "B", 1, "bi-imp"],
            ["BI-C1", null, "fill", "BI-IMP: 氩弧焊的英文缩写是____", null, "TIG", 1, "bi-imp"],
        ]);
        var imported = await ReadAsync<QuestionImportResult>(await ImportAsync(a.Author, good), HttpStatusCode.OK);
        imported.Imported.Should().Be(3);
        imported.Errors.Should().BeEmpty();
        var stored = await a.Author.GetFromJsonAsync<JsonElement>($"/api/v1/questions?courseId={course.Id}&tag=bi-imp&pageSize=50");
        var items = stored.GetProperty("items").EnumerateArray().Select(e => e.Deserialize<QuestionDto>(Json)!).ToList();
        items.Should().HaveCount(3);
        var single = items.Single(q => q.Kind == "single");
        single.Options.Should().Equal("100℃", "350℃", "500℃");
        single.AnswerKey.Should().Equal("1");
        single.Tags.Should().BeEquivalentTo("bi-imp", "焊材");
        items.Single(q => q.Kind == "fill").AnswerKey.Should().Equal("TIG");
    }

    [Fact]
    public async Task Employees_cannot_author_or_read_the_bank_and_a_department_head_enrolls_only_inside_the_scope()
    {
        var a = await ActorsAsync("RS");
        var worker = await EmployeeUserAsync(a, "RSworker", a.Org.EmployeeA);
        var course = await CreateCourseAsync(a.Author, "RS-C", "安全通识");
        await QuestionAsync(a.Author, new QuestionInput(course.Id, null, "fill", "RS: 灭火器的压力表指针应在____区", [], ["RS-GREEN-ZONE"], 1, ["rs"]));
        await PublishAsync(a, course.Id);

        (await worker.PostAsJsonAsync("/api/v1/courses", new CourseInput("RS-W", "员工自建", "online", 1, null, null, 0, 0))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var bank = await worker.GetAsync($"/api/v1/questions?courseId={course.Id}");
        bank.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await bank.Content.ReadAsStringAsync()).Should().NotContain("RS-GREEN-ZONE");
        (await worker.GetAsync("/api/v1/questions/template")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await worker.PostAsJsonAsync($"/api/v1/courses/{course.Id}/enrollments", new EnrollInput([a.Org.EmployeeA], null))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await worker.PostAsJsonAsync($"/api/v1/courses/{course.Id}/approve", new ApproveInput(Password, "批准", null))).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        await App.CreateUserAsync(a.Admin, "RShead", ["DepartmentHead"], scopeAll: false, scope: [a.Org.WorkshopB]);
        var head = await App.SignInAsync("RShead", Password);
        (await head.PostAsJsonAsync($"/api/v1/courses/{course.Id}/enrollments", new EnrollInput([a.Org.EmployeeA], null))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await head.PostAsJsonAsync($"/api/v1/courses/{course.Id}/enrollments", new EnrollInput([a.Org.EmployeeB, a.Org.EmployeeA], null))).StatusCode
            .Should().Be(HttpStatusCode.NotFound, "one employee outside the scope refuses the whole request");
        (await CountAsync($"learning.enrollment WHERE course_id = '{course.Id}'")).Should().Be(0);
        (await head.PostAsJsonAsync($"/api/v1/courses/{course.Id}/enrollments", new EnrollInput([a.Org.EmployeeB], null))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await CountAsync($"learning.enrollment WHERE course_id = '{course.Id}' AND employee_id = '{a.Org.EmployeeB}'")).Should().Be(1);
        (await head.PostAsJsonAsync("/api/v1/courses", new CourseInput("RS-H", "部门自建", "online", 1, null, null, 0, 0))).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        // A user with no employee record has no "my learning".
        (await CodeAsync(await a.Hr.GetAsync("/api/v1/me/learning"), HttpStatusCode.Conflict)).Should().Be("no_employee");
    }

    [Fact]
    public async Task A_practical_course_goes_read_observe_perform_signoff_with_a_qualified_evaluator_and_then_takes_feedback()
    {
        var a = await ActorsAsync("PR");
        var sop = await CreateDocumentAsync(a, "SOP-PR", "TIG 焊实操规程");
        var v1 = await ReleaseVersionAsync(a, sop, "major");
        (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { positionId = a.Org.PositionA, kind = "training", documentId = sop })).EnsureSuccessStatusCode();
        var course = await CreateCourseAsync(a.Author, "PR-TIG", "TIG 焊实操", kind: "practical", requiresExam: false);
        await LinkAsync(a.Author, course, [v1], []);
        await PublishAsync(a, course.Id);
        var worker = await EmployeeUserAsync(a, "PRworker", a.Org.EmployeeA);
        await App.CreateUserAsync(a.Admin, "PRinst", ["Instructor"], scopeAll: true, employeeId: a.Org.EmployeeB);
        var evaluator = await App.SignInAsync("PRinst", Password);

        var early = await worker.PostAsJsonAsync("/api/v1/me/feedback", new FeedbackInput(course.Id, null, 5, null, 5, "还没学完"));
        (await CodeAsync(early, HttpStatusCode.Conflict)).Should().Be("not_completed");
        (await worker.PostAsJsonAsync("/api/v1/practicals", new PracticalStart(course.Id, a.Org.EmployeeA))).StatusCode.Should().Be(HttpStatusCode.Forbidden, "employees do not evaluate");

        var practical = await ReadAsync<PracticalDto>(await evaluator.PostAsJsonAsync("/api/v1/practicals", new PracticalStart(course.Id, a.Org.EmployeeA)), HttpStatusCode.Created);
        practical.Step.Should().Be("read");
        (await CodeAsync(await StepAsync(evaluator, practical.Id, "signoff", password: Password), HttpStatusCode.Conflict)).Should().Be("step_order");
        (await CodeAsync(await StepAsync(evaluator, practical.Id, "perform"), HttpStatusCode.Conflict)).Should().Be("step_order");
        (await ReadAsync<PracticalDto>(await StepAsync(evaluator, practical.Id, "read"), HttpStatusCode.OK)).Step.Should().Be("observe");
        (await ReadAsync<PracticalDto>(await StepAsync(evaluator, practical.Id, "observe", note: "观摩师傅焊接两道焊缝"), HttpStatusCode.OK)).Step.Should().Be("perform");
        (await CodeAsync(await StepAsync(evaluator, practical.Id, "signoff", password: Password), HttpStatusCode.Conflict)).Should().Be("step_order", "sign-off comes after perform");

        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xDE };
        var photo = await PostFileAsync(evaluator, new MultipartFormDataContent { { new ByteArrayContent(png), "file", "weld.png" } });
        var unqualified = await StepAsync(evaluator, practical.Id, "perform", [photo]);
        (await CodeAsync(unqualified, HttpStatusCode.Conflict)).Should().Be("not_qualified_evaluator", "an Instructor who may not teach this course cannot evaluate it");
        (await ReadAsync<PracticalDto>(await evaluator.GetAsync($"/api/v1/practicals/{practical.Id}"), HttpStatusCode.OK)).Step.Should().Be("perform");

        var instructor = await ReadAsync<InstructorDto>(await a.Hr.PostAsJsonAsync("/api/v1/instructors", new InstructorInput("internal", a.Org.EmployeeB, null, null, "TIG 焊", [course.Id])), HttpStatusCode.Created);
        instructor.CourseIds.Should().Equal(course.Id);
        var performed = await ReadAsync<PracticalDto>(await StepAsync(evaluator, practical.Id, "perform", [photo], "独立完成对接焊"), HttpStatusCode.OK);
        performed.Step.Should().Be("signoff");
        performed.EvidenceFileIds.Should().Contain(photo);
        performed.PerformedByName.Should().NotBeNullOrEmpty();
        (await StepAsync(evaluator, practical.Id, "signoff", password: null)).StatusCode.Should().BeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.Conflict);
        (await CodeAsync(await StepAsync(evaluator, practical.Id, "signoff", password: "not-my-password1"), HttpStatusCode.Conflict)).Should().Be("signature_invalid");
        (await Status(a.Hr, a.Org.EmployeeA)).GetProperty("status").GetString().Should().Be("not_trained", "nothing completes before the sign-off");
        var done = await ReadAsync<PracticalDto>(await StepAsync(evaluator, practical.Id, "signoff", password: Password), HttpStatusCode.OK);
        done.Step.Should().Be("done");
        done.SignedOffAt.Should().NotBeNull();
        (await StepAsync(evaluator, practical.Id, "signoff", password: Password)).StatusCode.Should().Be(HttpStatusCode.Conflict, "a finished practical takes no more steps");

        (await Status(a.Hr, a.Org.EmployeeA)).GetProperty("status").GetString().Should().Be("qualified");
        var completions = await ReadAsync<List<CompletionDto>>(await a.Hr.GetAsync($"/api/v1/courses/{course.Id}/completions"), HttpStatusCode.OK);
        completions.Should().ContainSingle(c => c.EmployeeId == a.Org.EmployeeA).Which.Source.Should().Be("practical");

        (await worker.PostAsJsonAsync("/api/v1/me/feedback", new FeedbackInput(course.Id, instructor.Id, 6, 4, 5, null))).StatusCode.Should().Be(HttpStatusCode.BadRequest, "ratings are 1–5");
        var feedback = await ReadAsync<FeedbackDto>(await worker.PostAsJsonAsync("/api/v1/me/feedback", new FeedbackInput(course.Id, instructor.Id, 5, 4, 3, "师傅讲得很清楚")), HttpStatusCode.Created);
        feedback.Instructor.Should().Be(4);
        (await CodeAsync(await worker.PostAsJsonAsync("/api/v1/me/feedback", new FeedbackInput(course.Id, instructor.Id, 1, 1, 1, "再评一次")), HttpStatusCode.Conflict)).Should().Be("feedback_given");
        var instructors = await ReadAsync<List<InstructorDto>>(await a.Hr.GetAsync("/api/v1/instructors"), HttpStatusCode.OK);
        var rated = instructors.Single(i => i.Id == instructor.Id);
        rated.Rating.Should().Be(4);
        rated.RatingCount.Should().Be(1);
        (await ReadAsync<List<FeedbackDto>>(await a.Hr.GetAsync($"/api/v1/courses/{course.Id}/feedback"), HttpStatusCode.OK)).Should().ContainSingle().Which.Comment.Should().Be("师傅讲得很清楚");
    }

    private static CourseUpdate Update(CourseDto c, string title) =>
        new(title, c.Kind, c.ClassHours, c.Description, c.OwnerUnitId, c.Points, c.CostPerParticipant, c.MinMaterialPercent, c.RequiresExam, c.CertificateMonths, c.Version);

    private static Task<HttpResponseMessage> ApproveAsync(HttpClient client, Guid course, string? password) =>
        client.PostAsJsonAsync($"/api/v1/courses/{course}/approve", new ApproveInput(password, "批准发布", "内容完整"));

    private static Task<HttpResponseMessage> StepAsync(HttpClient client, Guid practical, string step, Guid[]? evidence = null, string? note = null, string? password = null) =>
        client.PostAsJsonAsync($"/api/v1/practicals/{practical}/steps", new PracticalStepInput(step, evidence ?? [], note, password, password is null ? null : "实操合格"));

    private static Task<HttpResponseMessage> ImportAsync(HttpClient client, byte[] workbook)
    {
        var content = new MultipartFormDataContent { { new ByteArrayContent(workbook), "file", "questions.xlsx" } };
        return client.PostAsync("/api/v1/questions/import", content);
    }

    private static (string Sheet, List<string> Headers) ReadTemplate(byte[] bytes)
    {
        using var reader = XlsxReader.Open(new MemoryStream(bytes), XlsxLimits.Default, new Skillgate.Platform.Localization.Texts());
        var sheet = reader.SheetNames[0];
        var header = reader.Rows(sheet).First();
        return (sheet, Enumerable.Range(0, header.Cells.Keys.Max() + 1).Select(i => header[i] ?? "").ToList());
    }

    /// <summary>A workbook in the template's layout: course code, skill code, kind, stem, options, answer, difficulty, tags.</summary>
    private static byte[] QuestionWorkbook(string sheet, List<string> headers, IEnumerable<object?[]> rows)
    {
        using var buffer = new MemoryStream();
        using (var writer = new XlsxWriter(buffer))
        {
            writer.AddSheet(sheet, headers, rows.Select(r => r.Concat(Enumerable.Repeat<object?>(null, Math.Max(0, headers.Count - r.Length))).ToArray()));
        }

        return buffer.ToArray();
    }

    /// <summary>The rows a refused import names, whether the errors come as a list of {row, …} or as problem field errors.</summary>
    private static List<int> ErrorRows(JsonElement body)
    {
        var errors = body.GetProperty("errors");
        if (errors.ValueKind == JsonValueKind.Array)
        {
            return errors.EnumerateArray().Select(e => e.GetProperty("row").GetInt32()).Distinct().ToList();
        }

        var text = string.Join(" ", errors.EnumerateObject().SelectMany(p => p.Value.EnumerateArray().Select(m => p.Name + " " + m.GetString())));
        return System.Text.RegularExpressions.Regex.Matches(text, @"(?:row|Row|行|第)\s*\[?(\d+)").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
    }
}

/// <summary>Exams: the whole story from SOP to certificate, and the guards around an attempt. The fake clock moves here.</summary>
public sealed class LearningExamTests(SkillgateFactory factory) : LearningTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task Submitting_while_the_phone_still_saves_the_last_answer_grades_the_attempt_once()
    {
        var a = await ActorsAsync("RC");
        var course = await CreateCourseAsync(a.Author, "RC-EX", "并发交卷", "online");
        var questions = new List<PaperQuestionInput>();
        for (var i = 0; i < 4; i++)
        {
            questions.Add(new((await QuestionAsync(a.Author, new QuestionInput(course.Id, null, "single", $"RC-{i}: 选 A", ["A", "B", "C"], ["0"], 1, ["rc"]))).Id, 25));
        }

        var paper = await PaperAsync(a.Author, new PaperInput(course.Id, "并发考试", "fixed", 10, 80, 1, true, Questions: questions));
        await PublishAsync(a, course.Id);
        var worker = await EmployeeUserAsync(a, "RCworker", a.Org.EmployeeA);
        var attempt = await ReadAsync<AttemptView>(await worker.PostAsync($"/api/v1/papers/{paper.Id}/attempts", null), HttpStatusCode.Created);
        var right = await RightAnswersAsync(attempt);
        var saves = Enumerable.Range(0, 4).Select(_ => worker.PutAsJsonAsync($"/api/v1/attempts/{attempt.Id}/answers", new AnswersInput(right))).ToList();
        var submit = worker.PostAsJsonAsync($"/api/v1/attempts/{attempt.Id}/submit", new AnswersInput(right));
        await Task.WhenAll([.. saves, submit]);
        var result = await ReadAsync<AttemptView>(await submit, HttpStatusCode.OK);
        result.Result!.Percent.Should().Be(100);
        (await CountAsync($"learning.attempt WHERE id = '{attempt.Id}' AND status = 'graded'")).Should().Be(1);
        (await CountAsync($"learning.course_completion WHERE attempt_id = '{attempt.Id}'")).Should().Be(1, "the passed exam completes the course once");
    }

    [Fact]
    public async Task An_employee_passes_a_rule_drawn_exam_becomes_qualified_on_the_SOP_and_gets_a_verifiable_certificate()
    {
        var a = await ActorsAsync("EQ");
        var sop = await CreateDocumentAsync(a, "SOP-EQW", "焊接安全规程");
        var v1 = await ReleaseVersionAsync(a, sop, "major");
        (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { positionId = a.Org.PositionA, kind = "training", documentId = sop })).EnsureSuccessStatusCode();
        (await Status(a.Hr, a.Org.EmployeeA)).GetProperty("status").GetString().Should().Be("not_trained");
        var skill = await PostIdAsync(a.Hr, "/api/v1/skills", new { code = "EQ-WELD", name = "焊接安全", maxLevel = 4 });
        var course = await CreateCourseAsync(a.Author, "EQ-WS", "焊接安全培训");
        var linked = await LinkAsync(a.Author, course, [v1], [new CourseSkillInput(skill, 2)]);
        linked.Documents.Should().ContainSingle().Which.DocumentVersionId.Should().Be(v1);
        linked.Skills.Should().ContainSingle().Which.Level.Should().Be(2);

        for (var i = 1; i <= 7; i++)
        {
            await QuestionAsync(a.Author, new QuestionInput(course.Id, null, "single", $"EQ-{i}: 焊接安全第 {i} 题？", [$"选项甲{i}", $"选项乙{i}", $"选项丙{i}", $"选项丁{i}"], [(i % 4).ToString(System.Globalization.CultureInfo.InvariantCulture)], 2 + (i % 2), ["weld-safety"]));
        }

        await QuestionAsync(a.Author, new QuestionInput(course.Id, null, "single", "EQ-EASY: 太简单的题？", ["是", "否"], ["0"], 1, ["weld-safety"]));
        await QuestionAsync(a.Author, new QuestionInput(course.Id, null, "single", "EQ-OTHER: 别的标签？", ["是", "否"], ["0"], 3, ["painting"]));
        await QuestionAsync(a.Author, new QuestionInput(course.Id, null, "fill", "EQ-FILL: 别的题型____", [], ["x"], 3, ["weld-safety"]));
        var paper = await PaperAsync(a.Author, new PaperInput(course.Id, "焊接安全考试", "rules", 30, 80, 3, true, Rules: [new PaperRuleInput("single", "weld-safety", 2, 5, 20)]));
        paper.MaxScore.Should().Be(100);
        paper.Rules.Single().Available.Should().Be(7);
        await PublishAsync(a, course.Id);
        (await a.Hr.PostAsJsonAsync($"/api/v1/courses/{course.Id}/enrollments", new EnrollInput([a.Org.EmployeeA], new DateOnly(2026, 12, 15)))).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var worker = await EmployeeUserAsync(a, "EQworker", a.Org.EmployeeA);
        var item = (await ReadAsync<MyLearning>(await worker.GetAsync("/api/v1/me/learning"), HttpStatusCode.OK)).Assigned.Single(i => i.CourseId == course.Id);
        item.PaperId.Should().Be(paper.Id);
        item.AttemptsAllowed.Should().Be(3);
        var attempt = await ReadAsync<AttemptView>(await worker.PostAsync($"/api/v1/papers/{paper.Id}/attempts", null), HttpStatusCode.Created);
        attempt.Status.Should().Be("in_progress");
        attempt.Number.Should().Be(1);
        attempt.Deadline.Should().Be(attempt.StartedAt.AddMinutes(30));
        attempt.ServerNow.Should().Be(App.Clock.GetUtcNow());
        attempt.Result.Should().BeNull();
        attempt.Questions.Should().HaveCount(5);
        attempt.Questions.Should().OnlyContain(q => q.Kind == "single" && q.Stem.StartsWith("EQ-", StringComparison.Ordinal) && q.Points == 20);
        attempt.Questions.Select(q => q.Stem).Should().OnlyHaveUniqueItems().And.NotContain(s => s.StartsWith("EQ-EASY", StringComparison.Ordinal) || s.StartsWith("EQ-OTHER", StringComparison.Ordinal));
        var bank = await BankAsync(attempt);
        attempt.Questions.Should().OnlyContain(q => q.Options.Order().SequenceEqual(bank[q.Stem].Options.Order()), "shuffling reorders, never changes, the options");
        attempt.Questions.Should().Contain(q => !q.Options.SequenceEqual(bank[q.Stem].Options), "options are shuffled (5 questions × 4 options all in stored order is ~1e-7)");

        // Four right and one wrong: exactly the pass mark.
        var right = await RightAnswersAsync(attempt);
        var wrongKey = attempt.Questions[2].Key;
        var answers = right.ToDictionary(p => p.Key, p => p.Key == wrongKey ? (IReadOnlyList<string>)[((int.Parse(p.Value[0], System.Globalization.CultureInfo.InvariantCulture) + 1) % 4).ToString(System.Globalization.CultureInfo.InvariantCulture)] : p.Value);
        var submitted = await ReadAsync<AttemptView>(await worker.PostAsJsonAsync($"/api/v1/attempts/{attempt.Id}/submit", new AnswersInput(answers)), HttpStatusCode.OK);
        var result = submitted.Result!;
        result.Status.Should().Be("graded");
        result.Score.Should().Be(80);
        result.MaxScore.Should().Be(100);
        result.Percent.Should().Be(80);
        result.Passed.Should().BeTrue();
        result.CertificateId.Should().NotBeNull();
        result.Review.Should().HaveCount(5);
        result.Review!.Single(r => r.Key == wrongKey).Correct.Should().BeFalse();
        result.Review!.Single(r => r.Key == wrongKey).RightAnswer.Should().Equal(right[wrongKey]);
        result.Review!.Count(r => r.Correct == true).Should().Be(4);
        (await CodeAsync(await worker.PostAsJsonAsync($"/api/v1/attempts/{attempt.Id}/submit", new AnswersInput(answers)), HttpStatusCode.Conflict)).Should().Be("attempt_closed");

        // The exam fed the competence contract: qualified on the SOP version, assessed at the course's skill level, in the matrix.
        var status = await Status(a.Hr, a.Org.EmployeeA);
        status.GetProperty("status").GetString().Should().Be("qualified");
        status.GetProperty("trainedOnVersion").GetString().Should().Be("SOP-EQW v1.0");
        var assessments = await a.Hr.GetFromJsonAsync<List<JsonElement>>($"/api/v1/employees/{a.Org.EmployeeA}/assessments");
        assessments!.Should().Contain(x => x.GetProperty("skillId").GetGuid() == skill && x.GetProperty("level").GetInt32() == 2 && x.GetProperty("method").GetString() == "exam");
        var matrix = await a.Hr.GetFromJsonAsync<JsonElement>($"/api/v1/matrix?orgUnitId={a.Org.WorkshopA}");
        var row = matrix.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("employeeNo").GetString() == "EQ1001");
        row.GetProperty("cells").EnumerateObject().Single().Value.GetProperty("status").GetString().Should().Be("qualified");
        var completion = (await ReadAsync<List<CompletionDto>>(await a.Hr.GetAsync($"/api/v1/courses/{course.Id}/completions"), HttpStatusCode.OK)).Single();
        completion.Source.Should().Be("exam");
        completion.CertificateId.Should().Be(result.CertificateId);
        var summaries = await a.Hr.GetFromJsonAsync<JsonElement>($"/api/v1/attempts?paperId={paper.Id}");
        summaries.GetProperty("items").EnumerateArray().Single().GetProperty("passed").GetBoolean().Should().BeTrue();
        (await ReadAsync<MyLearning>(await worker.GetAsync("/api/v1/me/learning"), HttpStatusCode.OK)).Assigned.Single(i => i.CourseId == course.Id).ExamPassed.Should().BeTrue();

        // The certificate, its print page and the public verification by number.
        var certificate = await ReadAsync<CertificateDto>(await worker.GetAsync($"/api/v1/certificates/{result.CertificateId}"), HttpStatusCode.OK);
        certificate.EmployeeId.Should().Be(a.Org.EmployeeA);
        certificate.Revoked.Should().BeFalse();
        (await ReadAsync<List<CertificateDto>>(await worker.GetAsync("/api/v1/me/certificates"), HttpStatusCode.OK)).Should().ContainSingle(c => c.Number == certificate.Number);
        (await worker.GetStringAsync($"/Learning/Certificates/Print?id={certificate.Id}")).Should().Contain(certificate.Number).And.Contain($"/api/v1/certificates/{certificate.Id}/pdf");

        // The same certificate as a PDF, read back by pdftotext: in the reader's language, with the holder, course, number and verification address.
        var pdf = await worker.GetAsync($"/api/v1/certificates/{certificate.Id}/pdf");
        pdf.StatusCode.Should().Be(HttpStatusCode.OK);
        pdf.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        var text = await PdfText.ExtractAsync(bytes);
        text.Should().Contain("张伟").And.Contain("焊接安全培训").And.Contain(certificate.Number).And.Contain($"/verify/{certificate.Number}").And.Contain("Scan to verify");
        var zhWorker = await App.SignInAsync("EQworker", Password, "zh-CN");
        var zhText = await PdfText.FlatAsync(await zhWorker.GetByteArrayAsync($"/api/v1/certificates/{certificate.Id}/pdf"));
        zhText.Should().Contain("培训合格证书").And.Contain("兹证明张伟已完成课程《焊接安全培训》并考核合格").And.Contain("证书编号").And.Contain(certificate.IssuedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        (await worker.GetByteArrayAsync($"/api/v1/certificates/{certificate.Id}/pdf")).Should().Equal(bytes, "the same certificate at the same time is the same file, so a filed copy can be proven by its hash");
        var colleague = await EmployeeUserAsync(a, "EQcolleague", a.Org.EmployeeB);
        (await colleague.GetAsync($"/api/v1/certificates/{certificate.Id}/pdf")).StatusCode.Should().Be(HttpStatusCode.NotFound, "another worker's certificate is not theirs to print");
        var anonymous = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        anonymous.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var number = Uri.EscapeDataString(certificate.Number);
        var genuine = await ReadAsync<CertificateVerification>(await anonymous.GetAsync($"/api/v1/certificates/verify/{number}"), HttpStatusCode.OK);
        genuine.Genuine.Should().BeTrue();
        genuine.Current.Should().BeTrue();
        genuine.EmployeeName.Should().StartWith("张", "the public page may mask the name, but it names the holder");
        genuine.CourseTitle.Should().Be("焊接安全培训");
        var page = await anonymous.GetAsync($"/verify/{number}");
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).Should().Contain("Genuine").And.Contain(certificate.Number).And.NotContainEquivalentOf("not found");

        var forgedNumber = certificate.Number[..^1] + (certificate.Number[^1] == '9' ? '8' : '9');
        var forged = await ReadAsync<CertificateVerification>(await anonymous.GetAsync($"/api/v1/certificates/verify/{Uri.EscapeDataString(forgedNumber)}"), HttpStatusCode.OK);
        forged.Genuine.Should().BeFalse();
        forged.EmployeeName.Should().BeNull("a forged number learns nothing about anyone");
        var forgedPage = await anonymous.GetAsync($"/verify/{Uri.EscapeDataString(forgedNumber)}");
        (await forgedPage.Content.ReadAsStringAsync()).Should().ContainEquivalentOf("not found").And.NotContain("张伟");
        var zh = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        zh.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        (await (await zh.GetAsync($"/verify/{number}")).Content.ReadAsStringAsync()).Should().Contain("真实").And.NotContain("未找到");
        (await (await zh.GetAsync("/verify/CERT-0000-FORGED")).Content.ReadAsStringAsync()).Should().Contain("未找到");
    }

    [Fact]
    public async Task One_attempt_at_a_time_reentry_continues_it_and_nothing_before_submission_carries_the_answer_key()
    {
        var a = await ActorsAsync("GD");
        var course = await CreateCourseAsync(a.Author, "GD-C", "防护用品");
        var fill1 = await QuestionAsync(a.Author, new QuestionInput(course.Id, null, "fill", "GD-1: 焊接面罩遮光号应为____", [], ["QX-7731-ANSWER", "qx7731"], 2, ["gd"]));
        var fill2 = await QuestionAsync(a.Author, new QuestionInput(course.Id, null, "fill", "GD-2: 防护手套的材质是____", [], ["QX-7732-ANSWER"], 2, ["gd"]));
        var fill3 = await QuestionAsync(a.Author, new QuestionInput(course.Id, null, "fill", "GD-3: 动火作业需要____", [], ["QX-7733-ANSWER"], 2, ["gd"]));
        var choice = await QuestionAsync(a.Author, new QuestionInput(course.Id, null, "multiple", "GD-4: 哪些属于劳保用品？", ["安全帽 GD-OPT-A", "拖鞋 GD-OPT-B", "护目镜 GD-OPT-C", "短裤 GD-OPT-D"], ["0", "2"], 2, ["gd"]));
        var shortQ = await QuestionAsync(a.Author, new QuestionInput(course.Id, null, "short", "GD-5: 简述动火作业审批流程。", [], ["QX-7734-MODEL 先申请后审批再监护"], 3, ["gd"]));
        var paper = await PaperAsync(a.Author, new PaperInput(course.Id, "防护用品考试", "fixed", 20, 80, 1, true,
            Questions: [new(fill1.Id, 20), new(fill2.Id, 20), new(fill3.Id, 20), new(choice.Id, 20), new(shortQ.Id, 20)]));
        paper.MaxScore.Should().Be(100);
        await PublishAsync(a, course.Id);
        var worker = await EmployeeUserAsync(a, "GDworker", a.Org.EmployeeA);
        var other = await EmployeeUserAsync(a, "GDother", a.Org.EmployeeB);
        var bodies = new List<(string What, string Body)>();

        // Three starts at the same moment: exactly one attempt; the others are told which one is open.
        var starts = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => worker.PostAsync($"/api/v1/papers/{paper.Id}/attempts", null)));
        starts.Select(r => r.StatusCode).Should().BeEquivalentTo(new[] { HttpStatusCode.Created, HttpStatusCode.Conflict, HttpStatusCode.Conflict });
        var createdBody = await starts.Single(r => r.StatusCode == HttpStatusCode.Created).Content.ReadAsStringAsync();
        bodies.Add(("start", createdBody));
        var attempt = JsonSerializer.Deserialize<AttemptView>(createdBody, Json)!;
        foreach (var refused in starts.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            var conflictBody = await refused.Content.ReadAsStringAsync();
            bodies.Add(("concurrent start", conflictBody));
            var conflict = JsonSerializer.Deserialize<JsonElement>(conflictBody);
            conflict.GetProperty("code").GetString().Should().Be("attempt_in_progress");
            conflict.TryGetProperty("attemptId", out var openId).Should().BeTrue($"the problem names the open attempt, even when the start lost the race in the database: {conflictBody}");
            openId.GetGuid().Should().Be(attempt.Id);
        }
        var again = await worker.PostAsync($"/api/v1/papers/{paper.Id}/attempts", null);
        bodies.Add(("second start", await again.Content.ReadAsStringAsync()));
        (await CodeAsync(again, HttpStatusCode.Conflict)).Should().Be("attempt_in_progress");
        (await CountAsync($"learning.attempt WHERE paper_id = '{paper.Id}'")).Should().Be(1);
        attempt.Questions.Should().HaveCount(5);
        attempt.Questions.Select(q => q.Key).Should().OnlyHaveUniqueItems();

        // Save some (wrong) progress, leave, come back: the same attempt with the saved answers.
        var fillKey = attempt.Questions.Single(q => q.Stem.StartsWith("GD-1:", StringComparison.Ordinal)).Key;
        var multipleKey = attempt.Questions.Single(q => q.Kind == "multiple").Key;
        var progress = new Dictionary<string, IReadOnlyList<string>> { [fillKey] = ["我猜是 9 号"], [multipleKey] = ["1"] };
        var saved = await worker.PutAsJsonAsync($"/api/v1/attempts/{attempt.Id}/answers", new AnswersInput(progress));
        bodies.Add(("save", await saved.Content.ReadAsStringAsync()));
        saved.StatusCode.Should().Be(HttpStatusCode.NoContent);
        var reentered = await worker.GetAsync($"/api/v1/attempts/{attempt.Id}");
        var reenteredBody = await reentered.Content.ReadAsStringAsync();
        bodies.Add(("get", reenteredBody));
        reentered.StatusCode.Should().Be(HttpStatusCode.OK);
        var view = JsonSerializer.Deserialize<AttemptView>(reenteredBody, Json)!;
        view.Id.Should().Be(attempt.Id);
        view.Status.Should().Be("in_progress");
        view.Questions.Select(q => (q.Key, q.Stem, string.Join("|", q.Options))).Should().Equal(attempt.Questions.Select(q => (q.Key, q.Stem, string.Join("|", q.Options))), "re-entering shows the same draw in the same order");
        view.Answers[fillKey].Should().Equal("我猜是 9 号");
        view.Answers[multipleKey].Should().Equal("1");
        var mine = await worker.GetAsync("/api/v1/me/learning");
        var mineBody = await mine.Content.ReadAsStringAsync();
        bodies.Add(("my learning", mineBody));
        var exam = await worker.GetAsync($"/Learning/Exam?id={attempt.Id}");
        var examHtml = await exam.Content.ReadAsStringAsync();
        bodies.Add(("exam page", examHtml));
        exam.StatusCode.Should().Be(HttpStatusCode.OK);
        examHtml.Should().Contain("GD-1: 焊接面罩遮光号应为").And.Contain("GD-OPT-C", "the page shows the questions and their options");
        var study = await worker.GetAsync($"/Learning/Study?courseId={course.Id}");
        bodies.Add(("study page", await study.Content.ReadAsStringAsync()));
        var myPage = await worker.GetAsync("/Learning/My");
        bodies.Add(("my page", await myPage.Content.ReadAsStringAsync()));

        // Somebody else's attempt does not exist for them.
        (await other.GetAsync($"/api/v1/attempts/{attempt.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.PutAsJsonAsync($"/api/v1/attempts/{attempt.Id}/answers", new AnswersInput(progress))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.PostAsJsonAsync($"/api/v1/attempts/{attempt.Id}/submit", new AnswersInput(progress))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.GetAsync($"/Learning/Exam?id={attempt.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        string[] secrets = ["QX-7731-ANSWER", "qx7731", "QX-7732-ANSWER", "QX-7733-ANSWER", "QX-7734-MODEL", "answerKey", "answer_key", "rightAnswer", "\"review\""];
        foreach (var (what, body) in bodies)
        {
            foreach (var secret in secrets)
            {
                body.Should().NotContainEquivalentOf(secret, $"the {what} response comes before submission");
            }
        }

        // Submit: a fill-in answer counts when it is any of the accepted texts; the short answer waits for a person.
        var right = await RightAnswersAsync(attempt);
        var final = new Dictionary<string, IReadOnlyList<string>>(right)
        {
            [fillKey] = ["qx7731"],
            [attempt.Questions.Single(q => q.Stem.StartsWith("GD-3:", StringComparison.Ordinal)).Key] = ["错的"],
            [attempt.Questions.Single(q => q.Kind == "short").Key] = ["先申请，后审批，现场监护"],
        };
        var submit = await worker.PostAsJsonAsync($"/api/v1/attempts/{attempt.Id}/submit", new AnswersInput(final));
        var submitBody = await submit.Content.ReadAsStringAsync();
        submit.StatusCode.Should().Be(HttpStatusCode.OK, submitBody);
        var result = JsonSerializer.Deserialize<AttemptView>(submitBody, Json)!.Result!;
        result.Status.Should().Be("awaiting_grading");
        result.Passed.Should().BeNull("a short answer is still to be graded");
        submitBody.Should().Contain("QX-7733-ANSWER", "after the last attempt the review shows the right answers (so the check above can see a leak)");
        result.Review!.Single(r => r.Key == fillKey).Correct.Should().BeTrue();

        var grade = await a.Hr.PostAsJsonAsync($"/api/v1/attempts/{attempt.Id}/grade", new GradeInput(new Dictionary<string, decimal> { [attempt.Questions.Single(q => q.Kind == "short").Key] = 15 }));
        var graded = await ReadAsync<AttemptSummary>(grade, HttpStatusCode.OK);
        graded.Status.Should().Be("graded");
        graded.Percent.Should().Be(75, "fill 20 + fill 20 + multiple 20 + short 15 of 100");
        graded.Passed.Should().BeFalse();
        (await worker.PostAsJsonAsync($"/api/v1/attempts/{attempt.Id}/grade", new GradeInput(new Dictionary<string, decimal>()))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Submitting_after_the_time_limit_expires_the_attempt_and_attempts_beyond_the_allowed_number_are_refused()
    {
        var a = await ActorsAsync("TL");
        var course = await CreateCourseAsync(a.Author, "TL-C", "计时考试");
        var q1 = await QuestionAsync(a.Author, new QuestionInput(course.Id, null, "fill", "TL-1: 焊机接地电阻不大于____欧", [], ["4"], 1, ["tl"]));
        var q2 = await QuestionAsync(a.Author, new QuestionInput(course.Id, null, "true_false", "TL-2: 可以带电更换焊条。", [], ["1"], 1, ["tl"]));
        q2.Options.Should().HaveCount(2, "true/false options default to 正确/错误");
        var paper = await PaperAsync(a.Author, new PaperInput(course.Id, "计时考试", "fixed", 10, 80, 2, false, Questions: [new PaperQuestionInput(q1.Id, 50), new PaperQuestionInput(q2.Id, 50)]));
        await PublishAsync(a, course.Id);
        var worker = await EmployeeUserAsync(a, "TLworker", a.Org.EmployeeA);

        var first = await ReadAsync<AttemptView>(await worker.PostAsync($"/api/v1/papers/{paper.Id}/attempts", null), HttpStatusCode.Created);
        var fillKey = first.Questions.Single(q => q.Kind == "fill").Key;
        var tfKey = first.Questions.Single(q => q.Kind == "true_false").Key;
        (await worker.PutAsJsonAsync($"/api/v1/attempts/{first.Id}/answers", new AnswersInput(new Dictionary<string, IReadOnlyList<string>> { [fillKey] = ["4"] }))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        App.Clock.Advance(TimeSpan.FromMinutes(11));
        var late = await worker.PostAsJsonAsync($"/api/v1/attempts/{first.Id}/submit", new AnswersInput(new Dictionary<string, IReadOnlyList<string>> { [fillKey] = ["4"], [tfKey] = ["1"] }));
        (await CodeAsync(late, HttpStatusCode.Conflict)).Should().Be("time_up");
        var expired = await ReadAsync<AttemptView>(await worker.GetAsync($"/api/v1/attempts/{first.Id}"), HttpStatusCode.OK);
        expired.Status.Should().Be("expired");
        expired.Result.Should().NotBeNull();
        expired.Result!.Score.Should().Be(50, "graded on the answers saved before the deadline, not on the late ones");
        expired.Result.Passed.Should().BeFalse();
        expired.Result.Review!.Should().OnlyContain(r => r.RightAnswer.Count == 0, "right answers would help the next attempt");
        (await worker.PutAsJsonAsync($"/api/v1/attempts/{first.Id}/answers", new AnswersInput(new Dictionary<string, IReadOnlyList<string>> { [tfKey] = ["1"] }))).StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await CountAsync($"learning.attempt WHERE id = '{first.Id}' AND status = 'expired' AND submitted_at IS NOT NULL")).Should().Be(1);

        // Within the deadline (and its network grace) the second attempt is accepted.
        var second = await ReadAsync<AttemptView>(await worker.PostAsync($"/api/v1/papers/{paper.Id}/attempts", null), HttpStatusCode.Created);
        second.Number.Should().Be(2);
        App.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(5));
        var graded = await ReadAsync<AttemptView>(await worker.PostAsJsonAsync($"/api/v1/attempts/{second.Id}/submit", new AnswersInput(new Dictionary<string, IReadOnlyList<string>> { [fillKey] = ["3"], [tfKey] = ["0"] })), HttpStatusCode.OK);
        graded.Result!.Percent.Should().Be(0);
        graded.Result.Passed.Should().BeFalse();

        var third = await worker.PostAsync($"/api/v1/papers/{paper.Id}/attempts", null);
        (await CodeAsync(third, HttpStatusCode.Conflict)).Should().Be("attempts_exhausted");
        (await CountAsync($"learning.attempt WHERE paper_id = '{paper.Id}'")).Should().Be(2);
        (await a.Hr.GetStringAsync($"/api/v1/attempts?paperId={paper.Id}")).Should().Contain("expired");
    }

    [Fact]
    public async Task An_online_course_completes_only_when_the_material_is_read_and_the_exam_is_passed_and_study_resumes_where_it_stopped()
    {
        var a = await ActorsAsync("OL");
        var sop = await CreateDocumentAsync(a, "SOP-OL", "喷涂作业规程");
        var v1 = await ReleaseVersionAsync(a, sop, "major");
        (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { positionId = a.Org.PositionA, kind = "training", documentId = sop })).EnsureSuccessStatusCode();
        var course = await CreateCourseAsync(a.Author, "OL-C", "喷涂作业", minMaterialPercent: 90);
        await LinkAsync(a.Author, course, [v1], []);
        var pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();
        MaterialDto material;
        using (var upload = new MultipartFormDataContent { { new ByteArrayContent(pdf), "file", "喷涂规程.pdf" }, { new StringContent("喷涂规程讲义"), "title" }, { new StringContent("20"), "pages" } })
        {
            material = await ReadAsync<MaterialDto>(await a.Author.PostAsync($"/api/v1/courses/{course.Id}/materials", upload), HttpStatusCode.Created);
        }

        material.Pages.Should().Be(20);
        material.ContentType.Should().Be("application/pdf");
        var q = await QuestionAsync(a.Author, new QuestionInput(course.Id, null, "true_false", "OL-1: 喷涂间必须通风。", [], ["0"], 1, ["ol"]));
        var paper = await PaperAsync(a.Author, new PaperInput(course.Id, "喷涂考试", "fixed", 10, 80, 3, true, Questions: [new PaperQuestionInput(q.Id, 10)]));
        await PublishAsync(a, course.Id);
        var worker = await EmployeeUserAsync(a, "OLworker", a.Org.EmployeeA);
        (await ReadAsync<MyLearning>(await worker.GetAsync("/api/v1/me/learning"), HttpStatusCode.OK)).Recommended.Should().Contain(c => c.CourseId == course.Id, "a published course on the employee's own requirement is recommended");
        (await worker.PostAsync($"/api/v1/me/learning/{course.Id}/enroll", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await worker.PutAsJsonAsync($"/api/v1/me/learning/{course.Id}/progress", new ProgressInput(material.Id, 50, 10))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var attempt = await ReadAsync<AttemptView>(await worker.PostAsync($"/api/v1/papers/{paper.Id}/attempts", null), HttpStatusCode.Created);
        var passed = await ReadAsync<AttemptView>(await worker.PostAsJsonAsync($"/api/v1/attempts/{attempt.Id}/submit", new AnswersInput(await RightAnswersAsync(attempt))), HttpStatusCode.OK);
        passed.Result!.Passed.Should().BeTrue();
        passed.Result.CertificateId.Should().BeNull("half the material is not enough to complete the course");
        (await Status(a.Hr, a.Org.EmployeeA)).GetProperty("status").GetString().Should().Be("not_trained");

        (await worker.PutAsJsonAsync($"/api/v1/me/learning/{course.Id}/progress", new ProgressInput(material.Id, 95, 19))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await Status(a.Hr, a.Org.EmployeeA)).GetProperty("status").GetString().Should().Be("qualified", "the material now passes 90 % and the exam was passed");
        (await worker.PutAsJsonAsync($"/api/v1/me/learning/{course.Id}/progress", new ProgressInput(material.Id, 30, 6))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var progress = await ReadAsync<List<MaterialProgressDto>>(await worker.GetAsync($"/api/v1/me/learning/{course.Id}/progress"), HttpStatusCode.OK);
        progress.Single().Percent.Should().Be(95, "progress never goes down");
        progress.Single().Position.Should().Be(6, "study resumes where it stopped");
        var item = (await ReadAsync<MyLearning>(await worker.GetAsync("/api/v1/me/learning"), HttpStatusCode.OK)).Assigned.Single(i => i.CourseId == course.Id);
        item.Source.Should().Be("self");
        item.MaterialsDone.Should().BeTrue();
        item.ExamPassed.Should().BeTrue();
        item.CertificateId.Should().NotBeNull();
        item.LastMaterialId.Should().Be(material.Id);
        (await CountAsync($"learning.course_completion WHERE course_id = '{course.Id}'")).Should().Be(1, "the course completes once");
    }
}

/// <summary>Courses, questions, papers and answers for the learning tests, made through the API; answer keys read from the database.</summary>
public abstract class LearningTestBase(SkillgateFactory app) : CompetenceTestBase(app)
{
    protected static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected async Task<HttpClient> EmployeeUserAsync(Actors a, string userName, Guid employeeId)
    {
        await App.CreateUserAsync(a.Admin, userName, ["Employee"], scopeAll: false, employeeId: employeeId);
        return await App.SignInAsync(userName, Password);
    }

    protected static async Task<CourseDto> CreateCourseAsync(HttpClient author, string code, string title, string kind = "online", bool requiresExam = true, int minMaterialPercent = 90) =>
        await ReadAsync<CourseDto>(
            await author.PostAsJsonAsync("/api/v1/courses", new CourseInput(code, title, kind, 2, "课程说明 " + title, null, 10, 120m, minMaterialPercent, requiresExam, 24)),
            HttpStatusCode.Created);

    protected static async Task<CourseDto> GetCourseAsync(HttpClient client, Guid id) => await ReadAsync<CourseDto>(await client.GetAsync($"/api/v1/courses/{id}"), HttpStatusCode.OK);

    protected static async Task<CourseDto> LinkAsync(HttpClient author, CourseDto course, Guid[] versions, CourseSkillInput[] skills)
    {
        var current = await GetCourseAsync(author, course.Id);
        return await ReadAsync<CourseDto>(await author.PutAsJsonAsync($"/api/v1/courses/{course.Id}/links", new CourseLinksInput(versions, skills, current.Version)), HttpStatusCode.OK);
    }

    /// <summary>The author (QA 1) submits, the other QA approves with a signature.</summary>
    protected static async Task PublishAsync(Actors a, Guid course)
    {
        var submit = await a.Author.PostAsync($"/api/v1/courses/{course}/submit", null);
        submit.StatusCode.Should().Be(HttpStatusCode.NoContent, await submit.Content.ReadAsStringAsync());
        var approve = await a.Approver.PostAsJsonAsync($"/api/v1/courses/{course}/approve", new ApproveInput(Password, "批准发布", null));
        approve.StatusCode.Should().Be(HttpStatusCode.NoContent, await approve.Content.ReadAsStringAsync());
    }

    protected static async Task<QuestionDto> QuestionAsync(HttpClient author, QuestionInput question) =>
        await ReadAsync<QuestionDto>(await author.PostAsJsonAsync("/api/v1/questions", question), HttpStatusCode.Created);

    protected static async Task<PaperDto> PaperAsync(HttpClient author, PaperInput paper) =>
        await ReadAsync<PaperDto>(await author.PostAsJsonAsync("/api/v1/papers", paper), HttpStatusCode.Created);

    protected static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered {body}");
        return JsonSerializer.Deserialize<T>(body, Json)!;
    }

    /// <summary>The stable reason code of a problem response, after checking its status.</summary>
    protected static async Task<string?> CodeAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered {body}");
        var problem = JsonSerializer.Deserialize<JsonElement>(body);
        return problem.TryGetProperty("code", out var code) ? code.GetString() : null;
    }

    /// <summary>The field names of a 400 problem.</summary>
    protected static async Task<List<string>> ErrorFieldsAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, body);
        var problem = JsonSerializer.Deserialize<JsonElement>(body);
        return problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object ? errors.EnumerateObject().Select(p => p.Name).ToList() : [];
    }

    protected async Task<long> CountAsync(string fromWhere)
    {
        await using var ds = App.OpenDataSource();
        await using var cmd = ds.CreateCommand("SELECT count(*) FROM " + fromWhere);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>A person's points as the ledger holds them: the sum of their entries and how many there are.</summary>
    protected async Task<(long Sum, long Entries)> LedgerAsync(Guid employee, string? rule = null)
    {
        await using var ds = App.OpenDataSource();
        await using var cmd = ds.CreateCommand("SELECT coalesce(sum(points), 0), count(*) FROM points.entry WHERE employee_id = @e AND (@r::text IS NULL OR rule_code = @r)");
        cmd.Parameters.AddWithValue("e", employee);
        cmd.Parameters.Add(new Npgsql.NpgsqlParameter("r", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)rule ?? DBNull.Value });
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    protected sealed record BankQuestion(string Kind, string[] Options, string[] AnswerKey);

    /// <summary>The stored questions of an attempt, found by stem — the API never gives the key to the candidate.</summary>
    protected async Task<Dictionary<string, BankQuestion>> BankAsync(AttemptView attempt)
    {
        var bank = new Dictionary<string, BankQuestion>();
        await using var ds = App.OpenDataSource();
        foreach (var q in attempt.Questions)
        {
            await using var cmd = ds.CreateCommand("SELECT kind, options, answer_key FROM learning.question WHERE stem = @stem");
            cmd.Parameters.AddWithValue("stem", q.Stem);
            await using var reader = await cmd.ExecuteReaderAsync();
            (await reader.ReadAsync()).Should().BeTrue($"the question “{q.Stem}” is in the bank");
            bank[q.Stem] = new BankQuestion(reader.GetString(0), reader.GetFieldValue<string[]>(1), reader.GetFieldValue<string[]>(2));
        }

        return bank;
    }

    /// <summary>The right answers as the candidate gives them: indices into the SHOWN options for choices, the text otherwise.</summary>
    protected async Task<Dictionary<string, IReadOnlyList<string>>> RightAnswersAsync(AttemptView attempt)
    {
        var bank = await BankAsync(attempt);
        var answers = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var q in attempt.Questions)
        {
            var stored = bank[q.Stem];
            var shown = q.Options.ToList();
            answers[q.Key] = q.Kind is "single" or "multiple" or "true_false"
                ? stored.AnswerKey.Select(k => shown.IndexOf(stored.Options[int.Parse(k, System.Globalization.CultureInfo.InvariantCulture)]))
                    .Order().Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList()
                : [stored.AnswerKey[0]];
        }

        return answers;
    }
}
