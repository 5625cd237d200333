using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Modules.Workflow.Sla;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

public sealed class WorkflowTests(SkillgateFactory app) : LearningTestBase(app), IClassFixture<SkillgateFactory>
{
    private sealed record People(Actors A, HttpClient Sales, HttpClient Qa, HttpClient Production, Guid ProductionId, Guid DirectorId, Guid ManagerId);

    [Fact]
    public async Task Complaint_on_two_nodes_escalates_to_the_production_director_exactly_once_then_runs_to_closure()
    {
        var p = await PeopleAsync("CP");
        await AddBatchAsync("CP-B1");
        await using var second = new SkillgateFactory { Clock = App.Clock, JoinConnectionString = App.ConnectionString };
        await ((IAsyncLifetime)second).InitializeAsync();
        var jobs = new[] { App.Services.GetRequiredService<EscalationJob>(), second.Services.GetRequiredService<EscalationJob>() };

        await ExecuteAsync("UPDATE auth.app_user SET language = 'en' WHERE id = @id", p.ProductionId);
        var complaint = await StartAsync(p.Sales, "CAPA", p.A.Org.WorkshopA, "客户投诉：焊缝开裂", new() { ["customer"] = "华东汽车", ["batch"] = "CP-B1", ["description"] = "三件焊缝开裂" });
        complaint.Tasks.Should().HaveCount(2);
        complaint.Tasks[0].Should().Match<TaskDto>(t => t.StepKey == "file" && t.Status == "done" && t.DoneByName == "CPsales");
        OpenTask(complaint).StepKey.Should().Be("investigate");
        complaint = await CompleteAsync(p.Qa, complaint, "approve", new() { ["rootCause"] = "焊接电流设置错误，操作工未按新版 SOP" });
        var containment = OpenTask(complaint);
        containment.StepKey.Should().Be("containment");
        containment.DueAt.Should().Be(App.Clock.GetUtcNow().AddHours(24));

        // Not yet late: both nodes look, nothing happens.
        App.Clock.Advance(TimeSpan.FromHours(23));
        await Task.WhenAll(jobs.Select(j => j.RunOnceAsync(CancellationToken.None)));
        (await ScalarAsync<long>("SELECT count(*) FROM workflow.sla_breach WHERE task_id = @id", containment.Id)).Should().Be(0);
        (await ScalarAsync<long>("SELECT count(*) FROM workflow.escalation WHERE task_id = @id", containment.Id)).Should().Be(0);

        // Production does not answer within 24 h: both nodes run at once, and again, and later again.
        App.Clock.Advance(TimeSpan.FromHours(2));
        await Task.WhenAll(jobs.Select(j => j.RunOnceAsync(CancellationToken.None)));
        await Task.WhenAll(jobs.Select(j => j.RunOnceAsync(CancellationToken.None)));
        App.Clock.Advance(TimeSpan.FromHours(10));
        await Task.WhenAll(jobs.Select(j => j.RunOnceAsync(CancellationToken.None)));

        // A node that saw the task before the others recorded it (its check moved back) still records and sends nothing twice.
        await ExecuteAsync("UPDATE workflow.task SET overdue = false, escalation_level = 0, next_check_at = due_at WHERE id = @id", containment.Id);
        await Task.WhenAll(jobs.Select(j => j.RunOnceAsync(CancellationToken.None)));
        App.Clock.Advance(TimeSpan.FromHours(20));
        (await ScalarAsync<long>("SELECT count(*) FROM workflow.sla_breach WHERE task_id = @id", containment.Id)).Should().Be(1);
        (await ScalarAsync<long>("SELECT count(*) FROM workflow.escalation WHERE task_id = @id", containment.Id)).Should().Be(1);

        // Each reader gets the notice in their own language: production chose English, the director has the default (Chinese).
        (await ScalarAsync<string>("SELECT title FROM platform.notification WHERE user_id = @id AND kind = 'workflow_overdue'", p.ProductionId)).Should().EndWith("your step is overdue");
        (await ScalarAsync<string>("SELECT title FROM platform.notification WHERE user_id = @id AND kind = 'workflow_escalation'", p.DirectorId)).Should().Contain("超时升级（职能总监）");

        // Sign-ins last 10 hours; the clock moved on 55.
        p = p with { Sales = await App.SignInAsync("CPsales", Password), Qa = await App.SignInAsync("CPqa", Password), Production = await App.SignInAsync("CPprod", Password) };
        (await ScalarAsync<long>("SELECT count(*) FROM platform.notification WHERE user_id = @id AND kind = 'workflow_escalation'", p.DirectorId)).Should().Be(1);
        (await ScalarAsync<long>("SELECT count(*) FROM platform.notification WHERE user_id = @id AND kind = 'workflow_overdue'", p.ProductionId)).Should().Be(1);
        (await ScalarAsync<long>("SELECT count(*) FROM platform.notification WHERE user_id = @id AND kind = 'workflow_escalation'", p.ManagerId)).Should().Be(0);
        complaint = await GetAsync(p.Qa, complaint.Id);
        var late = OpenTask(complaint);
        late.Overdue.Should().BeTrue();
        late.Escalations.Should().ContainSingle().Which.Should().Match<EscalationDto>(e => e.Target == "director" && e.Recipients.SequenceEqual(new[] { "CPdirector" }));
        var breaches = await ReadAsync<BreachPage>(await p.Qa.GetAsync("/api/v1/workflow/breaches?function=production"), HttpStatusCode.OK);
        breaches.Items.Should().ContainSingle(b => b.InstanceId == complaint.Id).Which.Should().Match<BreachDto>(b => b.StepKey == "containment" && b.DoneAt == null && b.StepName != "containment");
        ExcelSheet.Read(await p.Qa.GetByteArrayAsync("/api/v1/workflow/breaches/export?function=production")).Rows
            .Should().Contain(r => r[0] == complaint.Number && r[2] == breaches.Items.Single(b => b.InstanceId == complaint.Id).StepName, "the export names the step, not its code");

        // The overdue step shows on the list and in production's inbox, on either node.
        var page = await (await second.SignInAsync("CPprod", Password)).GetStringAsync("/Workflow?overdue=true");
        page.Should().Contain(complaint.Number);
        (await p.Production.GetFromJsonAsync<List<MyTaskDto>>("/api/v1/workflow/tasks/mine"))!.Should().ContainSingle(t => t.InstanceId == complaint.Id && t.Overdue);

        // The late answer continues the flow to closure.
        complaint = await CompleteAsync(p.Production, complaint, "approve", new() { ["containment"] = "隔离库存 200 件全检", ["correctivePlan"] = "重新培训并加严首件检验" });
        OpenTask(complaint).StepKey.Should().Be("verify");
        var closedBreach = (await ReadAsync<BreachPage>(await p.Qa.GetAsync("/api/v1/workflow/breaches?function=production"), HttpStatusCode.OK)).Items.Single(b => b.InstanceId == complaint.Id);
        closedBreach.HoursLate.Should().Be(31m);
        complaint = await CompleteAsync(p.Qa, complaint, "approve", new() { ["effective"] = "yes", ["evidence"] = "连续 5 批零缺陷" });
        var unsigned = await p.Sales.PostAsJsonAsync(CompleteUrl(complaint), new CompleteInput("approve", new Dictionary<string, string?> { ["customerResponse"] = "客户接受" }, null, null));
        unsigned.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        complaint = await CompleteAsync(p.Sales, complaint, "approve", new() { ["customerResponse"] = "客户接受" }, password: Password, meaning: "确认关闭");
        complaint.Status.Should().Be("completed");
        complaint.ClosedAt.Should().NotBeNull();
        complaint.Tasks.Should().HaveCount(5).And.OnlyContain(t => t.Status == "done" && t.DoneAt != null && t.ReceivedAt <= t.DoneAt);
        complaint.Tasks[^1].SignatureGiven.Should().BeTrue();
        (await ScalarAsync<long>("SELECT count(*) FROM audit.event WHERE entity_id = @id AND entity_type = 'workflow_instance'", complaint.Id)).Should().Be(6);
    }

    [Fact]
    public async Task A_late_answer_is_a_breach_even_before_the_escalation_job_has_seen_it()
    {
        var p = await PeopleAsync("LA");
        await AddBatchAsync("LA-B1");
        var complaint = await StartAsync(p.Sales, "CAPA", p.A.Org.WorkshopA, "投诉", new() { ["customer"] = "客户", ["batch"] = "LA-B1", ["description"] = "划伤" });
        complaint = await CompleteAsync(p.Qa, complaint, "approve", new() { ["rootCause"] = "来料" });
        var containment = OpenTask(complaint);
        App.Clock.Advance(TimeSpan.FromHours(26));
        var production = await App.SignInAsync("LAprod", Password);
        complaint = await CompleteAsync(production, complaint, "approve", new() { ["containment"] = "全检", ["correctivePlan"] = "复训" });
        complaint.Tasks.Single(t => t.Id == containment.Id).Overdue.Should().BeTrue();
        var qa = await App.SignInAsync("LAqa", Password);
        var breach = (await ReadAsync<BreachPage>(await qa.GetAsync("/api/v1/workflow/breaches?function=production"), HttpStatusCode.OK)).Items.Single(b => b.InstanceId == complaint.Id);
        breach.HoursLate.Should().Be(2m);
        await App.Services.GetRequiredService<EscalationJob>().RunOnceAsync(CancellationToken.None);
        (await ScalarAsync<long>("SELECT count(*) FROM workflow.escalation WHERE task_id = @id", containment.Id)).Should().Be(0);
    }

    [Fact]
    public async Task Moc_generates_the_training_plan_for_exactly_the_positions_the_changed_operation_impacts()
    {
        var p = await PeopleAsync("MC");
        var org = p.A.Org;
        var course = await CreateCourseAsync(p.A.Author, "MC-NEW", "新焊接工艺培训", "classroom", requiresExam: false);
        await PublishAsync(p.A, course.Id);
        var operation = await PostIdAsync(p.A.Admin, "/api/v1/operations", new { code = "MC-WELD", name = "激光焊接", orgUnitId = org.WorkshopA });
        var other = await PostIdAsync(p.A.Admin, "/api/v1/operations", new { code = "MC-FIT", name = "装配", orgUnitId = org.WorkshopB });
        var newWelders = new[]
        {
            await PostIdAsync(p.A.Admin, "/api/v1/employees", Employee("MC1002", "王强", org.WorkshopA, org.PositionA)),
            await PostIdAsync(p.A.Admin, "/api/v1/employees", Employee("MC1004", "孙丽", org.WorkshopA, org.PositionA)),
        };
        var inspectorPosition = await PostIdAsync(p.A.Admin, "/api/v1/positions", new { code = "MC-INSP", name = "检验员", orgUnitId = org.WorkshopA });
        await PostIdAsync(p.A.Admin, "/api/v1/employees", Employee("MC1003", "赵敏", org.WorkshopA, inspectorPosition));
        (await p.A.Hr.PostAsJsonAsync($"/api/v1/operations/{operation}/assignments", new { employeeId = org.EmployeeA })).EnsureSuccessStatusCode();
        (await p.A.Hr.PostAsJsonAsync($"/api/v1/operations/{other}/assignments", new { employeeId = org.EmployeeB })).EnsureSuccessStatusCode();

        var moc = await StartAsync(p.Production, "MOC", org.Plant, "激光焊接参数变更", new()
        {
            ["operation"] = operation.ToString(), ["course"] = course.Id.ToString(), ["change"] = "焊接速度 1.2 → 1.5 m/min", ["goLive"] = "2026-12-15",
        });
        var review = await p.Qa.PostAsJsonAsync(CompleteUrl(moc), new CompleteInput("approve", new Dictionary<string, string?> { ["review"] = "符合 SOP-LW v2" }, null, null, Password, null));
        (await CodeOrFieldAsync(review)).Should().Be("meaning");
        moc = await CompleteAsync(p.Qa, moc, "approve", new() { ["standardVersion"] = "SOP-LW v2", ["review"] = "符合标准" }, password: Password, meaning: "批准变更");
        OpenTask(moc).StepKey.Should().Be("hr_plan");
        (await p.A.Hr.PostAsJsonAsync(CompleteUrl(moc), new CompleteInput("return", null, null, "submit"))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        moc = await CompleteAsync(p.A.Hr, moc, "approve", new());

        var plan = await ReadAsync<PlanDto>(await p.A.Hr.GetAsync($"/api/v1/plans/{moc.Plans.Should().ContainSingle().Subject}"), HttpStatusCode.OK);
        plan.Status.Should().Be("draft");
        plan.PeriodStart.Should().Be(new DateOnly(2026, 12, 1));
        plan.Items.Should().ContainSingle();
        plan.Items[0].Should().Match<PlanItemDto>(i => i.PositionId == org.PositionA && i.CourseId == course.Id && i.Participants == 3 && i.PlannedMonth == new DateOnly(2026, 12, 1));
        plan.Items[0].Need.Should().Be($"{moc.Number}: {newWelders.Length} new staff, 1 refreshers");

        moc = await CompleteAsync(p.A.Hr, moc, "approve", new() { ["summary"] = "2 人完成培训" });
        moc = await CompleteAsync(p.Qa, moc, "return", new() { ["result"] = "fail" }, comment: "首件焊缝宽度超差，需补训", returnTo: "training");
        OpenTask(moc).StepKey.Should().Be("training");
        moc = await CompleteAsync(p.A.Hr, moc, "approve", new() { ["summary"] = "补训完成" });
        moc = await CompleteAsync(p.Qa, moc, "approve", new() { ["result"] = "pass" });
        moc = await CompleteAsync(p.Production, moc, "approve", new());
        moc.Status.Should().Be("completed");
        moc.Tasks.Select(t => t.StepKey).Should().Equal("submit", "qa_review", "hr_plan", "training", "qa_check", "training", "qa_check", "results");
    }

    [Fact]
    public async Task Only_someone_responsible_completes_a_step_through_the_api_and_the_ui()
    {
        var p = await PeopleAsync("RS");
        await AddBatchAsync("RS-B1");
        var complaint = await StartAsync(p.Sales, "CAPA", p.A.Org.WorkshopA, "投诉", new() { ["customer"] = "客户", ["batch"] = "RS-B1", ["description"] = "划伤" });
        var task = OpenTask(complaint);

        // Production and the administrator may see it but are not QA; HR is not responsible either.
        foreach (var client in new[] { p.Production, p.A.Admin, p.A.Hr })
        {
            var api = await client.PostAsJsonAsync(CompleteUrl(complaint), new CompleteInput("approve", new Dictionary<string, string?> { ["rootCause"] = "x" }, null, null));
            (await CodeAsync(api, HttpStatusCode.Forbidden)).Should().Be("not_responsible");
            (await client.PostAsync($"/api/v1/workflow/instances/{complaint.Id}/tasks/{task.Id}/claim", null)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        var ui = await SkillgateFactory.PostFormAsync(p.Production, $"/Workflow/Instances/Details?id={complaint.Id}&handler=Complete",
            new() { ["taskId"] = task.Id.ToString(), ["outcome"] = "approve", ["Form[rootCause]"] = "x" }, $"/Workflow/Instances/Details?id={complaint.Id}");
        ui.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ui.Content.ReadAsStringAsync()).Should().Contain("You are not responsible for this step.");
        (await p.Production.GetStringAsync($"/Workflow/Instances/Details?id={complaint.Id}")).Should().NotContain("name=\"outcome\"");
        (await GetAsync(p.Qa, complaint.Id)).Tasks.Should().HaveCount(2).And.ContainSingle(t => t.Status == "open");

        // A QA who takes the task makes it theirs alone: the other QA is no longer responsible.
        var claimed = await ReadAsync<InstanceDto>(await p.Qa.PostAsync($"/api/v1/workflow/instances/{complaint.Id}/tasks/{task.Id}/claim", null), HttpStatusCode.OK);
        OpenTask(claimed).AssigneeName.Should().Be("RSqa");
        OpenTask(claimed).StartedAt.Should().NotBeNull();
        var otherQa = await p.A.Approver.PostAsJsonAsync(CompleteUrl(complaint), new CompleteInput("approve", new Dictionary<string, string?> { ["rootCause"] = "x" }, null, null));
        (await CodeAsync(otherQa, HttpStatusCode.Forbidden)).Should().Be("not_responsible");

        // The QA completes it through the page.
        var done = await SkillgateFactory.PostFormAsync(p.Qa, $"/Workflow/Instances/Details?id={complaint.Id}&handler=Complete",
            new() { ["taskId"] = task.Id.ToString(), ["outcome"] = "approve", ["Form[rootCause]"] = "来料划伤" }, $"/Workflow/Instances/Details?id={complaint.Id}");
        done.StatusCode.Should().Be(HttpStatusCode.Redirect);
        OpenTask(await GetAsync(p.Qa, complaint.Id)).StepKey.Should().Be("containment");

        // A machine's read-only API key reads but does not act.
        var created = await SkillgateFactory.PostFormAsync(p.A.Admin, "/Admin/ApiKeys", new() { ["Name"] = "BI", ["Scopes"] = "workflow:read" });
        var key = System.Text.RegularExpressions.Regex.Match(await created.Content.ReadAsStringAsync(), "sg_[0-9a-f]{8}_[A-Za-z0-9_-]{20,}").Value;
        var machine = App.CreateClient();
        machine.DefaultRequestHeaders.Add("Authorization", "ApiKey " + key);
        (await machine.GetAsync($"/api/v1/workflow/instances/{complaint.Id}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await machine.PostAsJsonAsync($"/api/v1/workflow/instances/{complaint.Id}/notes", new NoteInput("x", null))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await machine.PostAsJsonAsync("/api/v1/workflow/instances", new StartInput("CAPA", p.A.Org.WorkshopA, "x", null, null))).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        // An employee has no workflows at all; a production manager of another workshop does not see this one.
        var employee = await EmployeeUserAsync(p.A, "RSemp", p.A.Org.EmployeeA);
        (await employee.GetAsync("/api/v1/workflow/instances")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        await App.CreateUserAsync(p.A.Admin, "RSprodB", ["ProductionManager"], scopeAll: false, scope: [p.A.Org.WorkshopB]);
        var prodB = await App.SignInAsync("RSprodB", Password);
        (await prodB.GetAsync($"/api/v1/workflow/instances/{complaint.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await prodB.PostAsJsonAsync(CompleteUrl(complaint), new CompleteInput("approve", null, null, null))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await prodB.GetFromJsonAsync<List<MyTaskDto>>("/api/v1/workflow/tasks/mine"))!.Should().NotContain(t => t.InstanceId == complaint.Id);
        (await p.Production.GetFromJsonAsync<List<MyTaskDto>>("/api/v1/workflow/tasks/mine"))!.Should().Contain(t => t.InstanceId == complaint.Id);
    }

    [Fact]
    public async Task Bad_input_is_refused_and_changes_nothing()
    {
        var p = await PeopleAsync("BI");
        await AddBatchAsync("BI-B1");
        var before = await CountAsync("workflow.instance");

        var missing = await p.Sales.PostAsJsonAsync("/api/v1/workflow/instances", new StartInput("CAPA", p.A.Org.WorkshopA, "投诉", new Dictionary<string, string?> { ["customer"] = "客户", ["batch"] = "NOPE" }, null));
        var problem = await ReadAsync<ValidationProblem>(missing, HttpStatusCode.BadRequest);
        problem.Errors.Keys.Should().BeEquivalentTo("form.batch", "form.description");
        var unknownField = await p.Sales.PostAsJsonAsync("/api/v1/workflow/instances", new StartInput("CAPA", p.A.Org.WorkshopA, "投诉", new Dictionary<string, string?> { ["customer"] = "客户", ["batch"] = "BI-B1", ["description"] = "x", ["price"] = "1" }, null));
        (await ReadAsync<ValidationProblem>(unknownField, HttpStatusCode.BadRequest)).Errors.Keys.Should().BeEquivalentTo("form.price");
        (await p.Sales.PostAsJsonAsync("/api/v1/workflow/instances", new StartInput("NOPE", p.A.Org.WorkshopA, "x", null, null))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await p.Sales.PostAsJsonAsync("/api/v1/workflow/instances", new StartInput("CAPA", p.A.Org.WorkshopA, "", null, null))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await CodeAsync(await p.Qa.PostAsJsonAsync("/api/v1/workflow/instances", new StartInput("CAPA", p.A.Org.WorkshopA, "投诉", null, null)), HttpStatusCode.Forbidden)).Should().Be("not_responsible");
        (await CountAsync("workflow.instance")).Should().Be(before);

        var complaint = await StartAsync(p.Sales, "CAPA", p.A.Org.WorkshopA, "投诉", new() { ["customer"] = "客户", ["batch"] = "BI-B1", ["description"] = "划伤" });
        (await ReadAsync<ValidationProblem>(await p.Qa.PostAsJsonAsync(CompleteUrl(complaint), new CompleteInput("reject", null, null, null)), HttpStatusCode.BadRequest))
            .Errors.Keys.Should().Contain("outcome");
        (await ReadAsync<ValidationProblem>(await p.Qa.PostAsJsonAsync(CompleteUrl(complaint), new CompleteInput("return", null, null, "file")), HttpStatusCode.BadRequest))
            .Errors.Keys.Should().BeEquivalentTo("comment");
        (await ReadAsync<ValidationProblem>(await p.Qa.PostAsJsonAsync(CompleteUrl(complaint), new CompleteInput("approve", null, null, null)), HttpStatusCode.BadRequest))
            .Errors.Keys.Should().BeEquivalentTo("form.rootCause");
        (await GetAsync(p.Qa, complaint.Id)).Tasks.Should().HaveCount(2);

        // A return goes back to the sales step; the old task stays closed (409 on a second completion).
        var returned = await CompleteAsync(p.Qa, complaint, "return", new(), comment: "请补充客户图片", returnTo: "file");
        OpenTask(returned).StepKey.Should().Be("file");
        (await CodeAsync(await p.Qa.PostAsJsonAsync($"/api/v1/workflow/instances/{complaint.Id}/tasks/{OpenTask(complaint).Id}/complete",
            new CompleteInput("approve", new Dictionary<string, string?> { ["rootCause"] = "x" }, null, null)), HttpStatusCode.Conflict)).Should().Be("task_closed");

        // A comment with a file checked by content.
        using var content = new MultipartFormDataContent { { new ByteArrayContent("not a pdf"u8.ToArray()), "file", "photo.pdf" } };
        (await p.Sales.PostAsync("/api/v1/files", content)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await p.Sales.PostAsJsonAsync($"/api/v1/workflow/instances/{complaint.Id}/notes", new NoteInput("", null))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await p.Sales.PostAsJsonAsync($"/api/v1/workflow/instances/{complaint.Id}/notes", new NoteInput("客户要求 3 天内回复", Guid.NewGuid()))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var noted = await ReadAsync<InstanceDto>(await p.Sales.PostAsJsonAsync($"/api/v1/workflow/instances/{complaint.Id}/notes", new NoteInput("客户要求 3 天内回复", null)), HttpStatusCode.OK);
        noted.Notes.Should().ContainSingle(n => n.UserName == "BIsales");
    }

    [Fact]
    public async Task A_definition_change_is_a_new_version_and_running_instances_keep_theirs()
    {
        var p = await PeopleAsync("DV");
        await AddBatchAsync("DV-B1");
        var running = await StartAsync(p.Sales, "CAPA", p.A.Org.WorkshopA, "投诉 1", new() { ["customer"] = "客户", ["batch"] = "DV-B1", ["description"] = "划伤" });
        var capa = await ReadAsync<DefinitionDto>(await p.Qa.GetAsync("/api/v1/workflow/definitions/CAPA"), HttpStatusCode.OK);
        var steps = capa.Versions.Single(v => v.Status == "published").Steps.ToList();
        var published = capa.Versions.Single(v => v.Status == "published").Number;

        // Bad steps: 400 named by step, nothing saved.
        var bad = steps.Select((s, i) => i == 1 ? s with { Role = "Boss", LimitHours = -1, ReturnTo = ["confirm"] } : s).ToList();
        (await ReadAsync<ValidationProblem>(await p.Qa.PutAsJsonAsync("/api/v1/workflow/definitions/CAPA/draft", new DraftInput(bad)), HttpStatusCode.BadRequest))
            .Errors.Keys.Should().BeEquivalentTo("steps[1].role", "steps[1].limitHours", "steps[1].returnTo");
        (await p.Production.PutAsJsonAsync("/api/v1/workflow/definitions/CAPA/draft", new DraftInput(steps))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await CodeAsync(await p.Qa.PostAsync("/api/v1/workflow/definitions/CAPA/publish", null), HttpStatusCode.Conflict)).Should().Be("no_draft");
        (await p.Qa.PostAsJsonAsync("/api/v1/workflow/definitions", new NewDefinitionInput("1 bad", "", "x"))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await CodeAsync(await p.Qa.PostAsJsonAsync("/api/v1/workflow/definitions", new NewDefinitionInput("capa", "投诉", "Complaint")), HttpStatusCode.Conflict)).Should().Be("definition_exists");
        (await p.Production.PostAsJsonAsync("/api/v1/workflow/definitions", new NewDefinitionInput("ECN", "工程变更", "Engineering change"))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var ecn = await ReadAsync<DefinitionDto>(await p.Qa.PostAsJsonAsync("/api/v1/workflow/definitions", new NewDefinitionInput("ECN", "工程变更", "Engineering change")), HttpStatusCode.OK);
        ecn.Versions.Should().ContainSingle(v => v.Status == "draft" && v.Steps.Count == 1);

        // Investigation gets 4 working hours and a director link; published as the next version.
        steps[1] = steps[1] with { LimitHours = 4, Escalation = [new EscalationDef(0, "director")] };
        var draft = await ReadAsync<DefinitionDto>(await p.Qa.PutAsJsonAsync("/api/v1/workflow/definitions/CAPA/draft", new DraftInput(steps)), HttpStatusCode.OK);
        draft.Versions.Should().Contain(v => v.Status == "draft" && v.Number == published + 1);
        var after = await ReadAsync<DefinitionDto>(await p.Qa.PostAsync("/api/v1/workflow/definitions/CAPA/publish", null), HttpStatusCode.OK);
        after.Versions.Single(v => v.Status == "published").Number.Should().Be(published + 1);
        after.Versions.Single(v => v.Number == published).Status.Should().Be("retired");

        (await GetAsync(p.Qa, running.Id)).Should().Match<InstanceDto>(i => i.DefinitionVersion == published && i.Steps[1].LimitHours == 8);
        var next = await StartAsync(p.Sales, "CAPA", p.A.Org.WorkshopA, "投诉 2", new() { ["customer"] = "客户", ["batch"] = "DV-B1", ["description"] = "划伤" });
        next.DefinitionVersion.Should().Be(published + 1);

        var raci = await ReadAsync<List<RaciRow>>(await p.Production.GetAsync("/api/v1/workflow/definitions/CAPA/raci"), HttpStatusCode.OK);
        raci.Single(r => r.StepKey == "containment").Should().Match<RaciRow>(r => r.Role == "ProductionManager" && r.Responsible == "Production" && r.Informed.Contains("Sales"));
        (await CountAsync("audit.event WHERE entity_type = 'workflow_definition' AND action IN ('draft_saved', 'published')")).Should().BeGreaterThanOrEqualTo(2);

        // Put the built-in definition back for the other tests of this class.
        steps[1] = steps[1] with { LimitHours = 8, Escalation = [new EscalationDef(0, "manager"), new EscalationDef(8, "director")] };
        (await p.Qa.PutAsJsonAsync("/api/v1/workflow/definitions/CAPA/draft", new DraftInput(steps))).EnsureSuccessStatusCode();
        (await p.Qa.PostAsync("/api/v1/workflow/definitions/CAPA/publish", null)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Working_hour_limits_follow_the_plant_calendar_with_holidays_and_make_up_days()
    {
        // The class shares one clock: move it to the next Saturday 08:00 UTC (16:00 in Shanghai).
        var now = App.Clock.GetUtcNow();
        var saturday = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddHours(8).AddDays(((int)DayOfWeek.Saturday - (int)now.DayOfWeek + 7) % 7);
        if (saturday < now)
        {
            saturday = saturday.AddDays(7);
        }

        App.Clock.Advance(saturday - now);
        var monday = DateOnly.FromDateTime(saturday.UtcDateTime).AddDays(2);
        var p = await PeopleAsync("WH");
        var calendars = await ReadAsync<List<CalendarDto>>(await p.Qa.GetAsync("/api/v1/workflow/calendars"), HttpStatusCode.OK);
        calendars.Should().ContainSingle(c => c.OrgUnitId == null && c.TimeZone == "Asia/Shanghai");
        var calendar = await ReadAsync<SkillgateFactory.IdOnly>(await p.Qa.PostAsJsonAsync("/api/v1/workflow/calendars",
            new CalendarInput(p.A.Org.Plant, "二厂日历", "Asia/Shanghai", new TimeOnly(8, 0), new TimeOnly(16, 0), [1, 2, 3, 4, 5], 0)), HttpStatusCode.OK);
        (await p.Qa.PutAsJsonAsync($"/api/v1/workflow/calendars/{calendar.Id}/days", new CalendarDayInput(monday, false, "厂休"))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await p.Qa.PostAsJsonAsync("/api/v1/workflow/calendars", new CalendarInput(p.A.Org.Plant, "重复", "Mars/Base", new TimeOnly(9, 0), new TimeOnly(8, 0), [], 0)))
            .StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await p.Production.PostAsJsonAsync("/api/v1/workflow/calendars", new CalendarInput(p.A.Org.Plant, "x", "Asia/Shanghai", new TimeOnly(8, 0), new TimeOnly(16, 0), [1], 0)))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await p.Production.PutAsJsonAsync("/api/v1/workflow/directors", new DirectorInput(p.A.Org.Plant, "production", p.ProductionId))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ReadAsync<ValidationProblem>(await p.Qa.PutAsJsonAsync("/api/v1/workflow/directors", new DirectorInput(p.A.Org.Plant, "astrology", Guid.NewGuid())), HttpStatusCode.BadRequest))
            .Errors.Keys.Should().BeEquivalentTo("function", "userId");
        (await ReadAsync<List<DirectorDto>>(await p.Production.GetAsync("/api/v1/workflow/directors"), HttpStatusCode.OK))
            .Should().ContainSingle(d => d.OrgUnitId == p.A.Org.Plant && d.Function == "production" && d.UserId == p.DirectorId);

        // Saturday 16:00 in Shanghai: QA's 8 working hours on the investigation would start Monday — a plant holiday — so they run
        // Tuesday 08:00–16:00 Shanghai.
        await AddBatchAsync("WH-B1");
        var complaint = await StartAsync(p.Sales, "CAPA", p.A.Org.WorkshopA, "投诉", new() { ["customer"] = "客户", ["batch"] = "WH-B1", ["description"] = "划伤" });
        OpenTask(complaint).DueAt.Should().Be(new DateTimeOffset(monday.AddDays(1).ToDateTime(new TimeOnly(16, 0)), TimeSpan.FromHours(8)));
    }

    private async Task<People> PeopleAsync(string prefix)
    {
        var a = await ActorsAsync(prefix);
        var managerEmployee = await PostIdAsync(a.Admin, "/api/v1/employees", Employee(prefix + "9001", prefix + "经理", a.Org.Plant, null));
        var prodEmployee = await PostIdAsync(a.Admin, "/api/v1/employees", Employee(prefix + "9002", prefix + "生产", a.Org.Plant, null, managerEmployee));
        await App.CreateUserAsync(a.Admin, prefix + "sales", ["Sales"], scopeAll: true);
        await App.CreateUserAsync(a.Admin, prefix + "qa", ["QA"], scopeAll: true);
        var production = await App.CreateUserAsync(a.Admin, prefix + "prod", ["ProductionManager"], scopeAll: false, scope: [a.Org.Plant], employeeId: prodEmployee);
        var manager = await App.CreateUserAsync(a.Admin, prefix + "manager", ["DepartmentHead"], scopeAll: false, scope: [a.Org.Plant], employeeId: managerEmployee);
        var director = await App.CreateUserAsync(a.Admin, prefix + "director", ["DepartmentHead"], scopeAll: false, scope: [a.Org.Plant]);
        (await a.Admin.PutAsJsonAsync("/api/v1/workflow/directors", new DirectorInput(a.Org.Plant, "production", director))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        return new People(a, await App.SignInAsync(prefix + "sales", Password), await App.SignInAsync(prefix + "qa", Password), await App.SignInAsync(prefix + "prod", Password),
            production, director, manager);
    }

    private static object Employee(string no, string name, Guid unit, Guid? position, Guid? manager = null) =>
        new { employeeNo = no, name, phone = (string?)null, email = (string?)null, orgUnitId = unit, positionId = position, managerId = manager, shiftGroupId = (Guid?)null, hireDate = "2022-01-10" };

    private async Task AddBatchAsync(string code)
    {
        await using var ds = App.OpenDataSource();
        await using var cmd = ds.CreateCommand("INSERT INTO quality.batch (id, code, created_at) VALUES (gen_random_uuid(), @code, now())");
        cmd.Parameters.AddWithValue("code", code);
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task ExecuteAsync(string sql, Guid id)
    {
        await using var ds = App.OpenDataSource();
        await using var cmd = ds.CreateCommand(sql);
        cmd.Parameters.AddWithValue("id", id);
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<T> ScalarAsync<T>(string sql, Guid id)
    {
        await using var ds = App.OpenDataSource();
        await using var cmd = ds.CreateCommand(sql);
        cmd.Parameters.AddWithValue("id", id);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task<InstanceDto> StartAsync(HttpClient client, string definition, Guid unit, string title, Dictionary<string, string?> form) =>
        await ReadAsync<InstanceDto>(await client.PostAsJsonAsync("/api/v1/workflow/instances", new StartInput(definition, unit, title, form, null)), HttpStatusCode.OK);

    private static async Task<InstanceDto> GetAsync(HttpClient client, Guid id) =>
        await ReadAsync<InstanceDto>(await client.GetAsync($"/api/v1/workflow/instances/{id}"), HttpStatusCode.OK);

    private static async Task<InstanceDto> CompleteAsync(
        HttpClient client, InstanceDto instance, string outcome, Dictionary<string, string?> form, string? comment = null, string? returnTo = null, string? password = null, string? meaning = null) =>
        await ReadAsync<InstanceDto>(await client.PostAsJsonAsync(CompleteUrl(instance), new CompleteInput(outcome, form, comment, returnTo, password, meaning)), HttpStatusCode.OK);

    private static string CompleteUrl(InstanceDto instance) => $"/api/v1/workflow/instances/{instance.Id}/tasks/{OpenTask(instance).Id}/complete";

    private static TaskDto OpenTask(InstanceDto instance) => instance.Tasks.Single(t => t.Status == "open");

    private static async Task<string?> CodeOrFieldAsync(HttpResponseMessage response)
    {
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblem>(Json);
        return problem?.Errors?.Keys.SingleOrDefault();
    }

    private sealed record ValidationProblem(Dictionary<string, string[]> Errors);

    private sealed record BreachPage(List<BreachDto> Items, long Total);
}
