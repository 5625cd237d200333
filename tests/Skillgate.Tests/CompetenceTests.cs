using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests;

/// <summary>The qualification gate and controlled standards: the capsule-filling and stale-standard stories.</summary>
public sealed class CompetenceTests(SkillgateFactory factory) : CompetenceTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task Capsule_filling_refuses_an_operator_trained_only_on_v1_until_v2_is_completed()
    {
        var a = await ActorsAsync("CF");
        var sop = await CreateDocumentAsync(a, "SOP-CF", "胶囊填充工艺规程");
        var v1 = await ReleaseVersionAsync(a, sop, "major");
        var operation = await PostIdAsync(a.Hr, "/api/v1/operations", new { code = "CF-FILL", name = "胶囊填充", orgUnitId = a.Org.WorkshopA });
        (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { operationId = operation, kind = "training", documentId = sop })).EnsureSuccessStatusCode();
        (await a.Hr.PostAsJsonAsync("/api/v1/completions", new { employeeId = a.Org.EmployeeA, documentVersionId = v1, completedOn = "2026-11-01" })).EnsureSuccessStatusCode();
        var v2 = await ReleaseVersionAsync(a, sop, "major");

        var refused = await a.Hr.PostAsJsonAsync($"/api/v1/operations/{operation}/assignments", new { employeeId = a.Org.EmployeeA });
        refused.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be("not_qualified");
        problem.GetProperty("title").GetString().Should().Contain("SOP-CF v2");
        var unmet = problem.GetProperty("unmet").EnumerateArray().Should().ContainSingle("the refusal lists the unmet requirements as the MES check does").Subject;
        unmet.GetProperty("requirement").GetString().Should().Contain("SOP-CF v2");
        unmet.GetProperty("status").GetString().Should().Be("retraining_required");
        var ui = await SkillgateFactory.PostFormAsync(a.Hr, "/Competence/Operations?handler=Assign", new() { ["operationId"] = operation.ToString(), ["employeeNo"] = "CF1001" }, "/Competence/Operations");
        ui.StatusCode.Should().Be(HttpStatusCode.OK, "the page shows the refusal");
        (await ui.Content.ReadAsStringAsync()).Should().Contain("SOP-CF v2.0").And.Contain("Retraining required");
        var mes = await a.Hr.GetFromJsonAsync<JsonElement>($"/api/v1/qualification-check?employee=CF1001&operation=CF-FILL");
        mes.GetProperty("qualified").GetBoolean().Should().BeFalse();
        mes.GetProperty("unmet")[0].GetProperty("requirement").GetString().Should().Contain("SOP-CF v2");
        mes.GetProperty("unmet")[0].GetProperty("status").GetString().Should().Be("retraining_required");

        var scan = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4\n%%EOF\n"u8.ToArray()), "file", "certificate.pdf" } };
        var evidence = await PostFileAsync(a.Hr, scan);
        (await a.Hr.PostAsJsonAsync("/api/v1/completions", new { employeeId = a.Org.EmployeeA, documentVersionId = v2, completedOn = "2026-11-21", evidenceFileId = Guid.NewGuid() }))
            .StatusCode.Should().Be(HttpStatusCode.BadRequest, "the evidence file must exist");
        (await a.Hr.PostAsJsonAsync("/api/v1/completions", new { employeeId = a.Org.EmployeeA, documentVersionId = v2, completedOn = "2026-11-21", evidenceFileId = evidence })).EnsureSuccessStatusCode();

        var accepted = await SkillgateFactory.PostFormAsync(a.Hr, "/Competence/Operations?handler=Assign", new() { ["operationId"] = operation.ToString(), ["employeeNo"] = "CF1001" }, "/Competence/Operations");
        accepted.StatusCode.Should().Be(HttpStatusCode.Redirect, "the UI now accepts the assignment");
        (await a.Hr.PostAsJsonAsync($"/api/v1/operations/{operation}/assignments", new { employeeId = a.Org.EmployeeA })).StatusCode.Should().Be(HttpStatusCode.OK);
        var ok = await a.Hr.GetFromJsonAsync<JsonElement>($"/api/v1/qualification-check?employee=CF1001&operation=CF-FILL");
        ok.GetProperty("qualified").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task A_post_is_gated_too_and_a_signed_QA_override_lets_the_person_through()
    {
        var a = await ActorsAsync("PG");
        var sop = await CreateDocumentAsync(a, "SOP-PG", "装配作业指导书");
        await ReleaseVersionAsync(a, sop, "major");
        var post = await PostIdAsync(a.Admin, "/api/v1/positions", new { code = "PG-LEAD", name = "装配班长", orgUnitId = a.Org.WorkshopB });
        (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { positionId = post, kind = "training", documentId = sop })).EnsureSuccessStatusCode();

        var refused = await a.Hr.PostAsJsonAsync($"/api/v1/positions/{post}/assign", new { employeeId = a.Org.EmployeeB, effectiveOn = "2026-11-21" });
        refused.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await refused.Content.ReadAsStringAsync()).Should().Contain("SOP-PG v1.0");

        var noSignature = await a.Approver.PostAsJsonAsync("/api/v1/overrides", new { employeeId = a.Org.EmployeeB, positionId = post, reason = "试产期间由师傅带岗", expiresAt = "2026-12-01T00:00:00Z" });
        noSignature.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var granted = await a.Approver.PostAsJsonAsync("/api/v1/overrides", new { employeeId = a.Org.EmployeeB, positionId = post, reason = "试产期间由师傅带岗", expiresAt = "2026-12-01T00:00:00Z", password = Password, meaning = "批准临时上岗" });
        granted.StatusCode.Should().Be(HttpStatusCode.Created);
        (await a.Hr.PostAsJsonAsync($"/api/v1/positions/{post}/assign", new { employeeId = a.Org.EmployeeB, effectiveOn = "2026-11-21" })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var statuses = await a.Hr.GetFromJsonAsync<List<JsonElement>>($"/api/v1/employees/{a.Org.EmployeeB}/qualifications");
        statuses!.Single().GetProperty("overridden").GetBoolean().Should().BeTrue();
        (await a.Hr.PostAsJsonAsync("/api/v1/overrides", new { employeeId = a.Org.EmployeeB, positionId = post, reason = "x", expiresAt = "2026-12-01T00:00:00Z", password = Password, meaning = "m" }))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden, "only QA grants overrides");
    }

    [Fact]
    public async Task Releasing_a_major_version_makes_everyone_trained_on_the_old_one_retraining_required_at_once()
    {
        var a = await ActorsAsync("ST");
        var std = await CreateDocumentAsync(a, "STD-RM", "原料处理标准");
        await ReleaseVersionAsync(a, std, "major");
        var v2 = await ReleaseVersionAsync(a, std, "major");
        (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { positionId = a.Org.PositionA, kind = "training", documentId = std })).EnsureSuccessStatusCode();
        (await a.Hr.PostAsJsonAsync("/api/v1/completions", new { employeeId = a.Org.EmployeeA, documentVersionId = v2, completedOn = "2026-11-10" })).EnsureSuccessStatusCode();
        (await Status(a.Hr, a.Org.EmployeeA)).GetProperty("status").GetString().Should().Be("qualified");
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var qualifiedAt = App.Clock.GetUtcNow();
        App.Clock.Advance(TimeSpan.FromMinutes(1));

        var v3 = await CreateVersionAsync(a, std, "major", retrainDueDays: 14);
        await ReleaseAsync(a.Approver, v3, effectiveOn: null).ContinueWith(r => r.Result.EnsureSuccessStatusCode());

        var status = await Status(a.Hr, a.Org.EmployeeA);
        status.GetProperty("status").GetString().Should().Be("retraining_required");
        status.GetProperty("dueOn").GetString().Should().Be("2026-12-05");
        status.GetProperty("trainedOnVersion").GetString().Should().Be("STD-RM v2.0");
        var matrix = await a.Hr.GetFromJsonAsync<JsonElement>($"/api/v1/matrix?orgUnitId={a.Org.WorkshopA}&status=retraining_required");
        matrix.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("employeeNo").GetString()).Should().Equal("ST1001");
        var profile = await a.Hr.GetStringAsync($"/Organization/Employees/Profile?id={a.Org.EmployeeA}");
        profile.Should().Contain("Retraining required").And.Contain("2026-12-05");
        var atTheTime = await a.Hr.GetFromJsonAsync<List<JsonElement>>($"/api/v1/employees/{a.Org.EmployeeA}/qualifications?at={Uri.EscapeDataString(qualifiedAt.ToString("O"))}");
        atTheTime!.Single().GetProperty("status").GetString().Should().Be("qualified", "the history answers the status at a past moment");
    }

    [Fact]
    public async Task A_release_by_a_QA_engineer_of_one_workshop_retrains_the_people_of_every_workshop()
    {
        var a = await ActorsAsync("SQ");
        await App.CreateUserAsync(a.Admin, "sqscoped", ["QA"], scopeAll: false, scope: [a.Org.WorkshopA]);
        var scopedApprover = await App.SignInAsync("sqscoped", Password);
        var std = await CreateDocumentAsync(a, "STD-SQ", "涂装标准");
        var v1 = await ReleaseVersionAsync(a, std, "major");
        foreach (var (position, employee) in new[] { (a.Org.PositionA, a.Org.EmployeeA), (a.Org.PositionB, a.Org.EmployeeB) })
        {
            (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { positionId = position, kind = "training", documentId = std })).EnsureSuccessStatusCode();
            (await a.Hr.PostAsJsonAsync("/api/v1/completions", new { employeeId = employee, documentVersionId = v1, completedOn = "2026-11-10" })).EnsureSuccessStatusCode();
            (await Status(a.Hr, employee)).GetProperty("status").GetString().Should().Be("qualified");
        }

        var v2 = await CreateVersionAsync(a, std, "major", retrainDueDays: 14);
        (await ReleaseAsync(scopedApprover, v2, effectiveOn: null)).EnsureSuccessStatusCode();

        (await Status(a.Hr, a.Org.EmployeeA)).GetProperty("status").GetString().Should().Be("retraining_required");
        (await Status(a.Hr, a.Org.EmployeeB)).GetProperty("status").GetString().Should().Be("retraining_required",
            "a status is a fact about the person, not about who released the document");
    }

    [Fact]
    public async Task Release_needs_a_signature_the_right_password_and_someone_other_than_the_author()
    {
        var a = await ActorsAsync("SG");
        var doc = await CreateDocumentAsync(a, "WI-SG", "焊接作业指导书");
        var version = await CreateVersionAsync(a, doc, "major", 30);

        (await ReleaseAsync(a.Approver, version, null, password: null)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var wrong = await ReleaseAsync(a.Approver, version, null, password: "not-my-password1");
        wrong.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("signature_invalid");
        var byAuthor = await ReleaseAsync(a.Author, version, null);
        byAuthor.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await byAuthor.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("author_cannot_approve");
        (await ReleaseAsync(a.Hr, version, null)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var document = await a.Hr.GetFromJsonAsync<JsonElement>($"/api/v1/documents/{doc}");
        document.GetProperty("versions")[0].GetProperty("status").GetString().Should().Be("in_review");
        (await ReleaseAsync(a.Approver, version, null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_minor_version_asks_for_a_signed_acknowledgement_and_employees_declare_skills_they_want()
    {
        var a = await ActorsAsync("AK");
        await App.CreateUserAsync(a.Admin, "akworker", ["Employee"], scopeAll: false, employeeId: a.Org.EmployeeA);
        var worker = await App.SignInAsync("akworker", Password);
        var doc = await CreateDocumentAsync(a, "WI-AK", "检验作业指导书");
        await ReleaseVersionAsync(a, doc, "major");
        (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { positionId = a.Org.PositionA, kind = "acknowledgement", documentId = doc })).EnsureSuccessStatusCode();
        var current = (await worker.GetFromJsonAsync<List<JsonElement>>("/api/v1/me/acknowledgements"))!.Single();
        (await worker.PostAsJsonAsync($"/api/v1/me/acknowledgements/{current.GetProperty("documentVersionId").GetGuid()}", new { password = Password })).EnsureSuccessStatusCode();
        (await Status(a.Hr, a.Org.EmployeeA)).GetProperty("status").GetString().Should().Be("qualified");

        var minor = await CreateVersionAsync(a, doc, "minor", retrainDueDays: 7);
        (await ReleaseAsync(a.Approver, minor, null)).EnsureSuccessStatusCode();
        var pending = (await worker.GetFromJsonAsync<List<JsonElement>>("/api/v1/me/acknowledgements"))!.Single();
        pending.GetProperty("document").GetString().Should().Be("WI-AK v1.1");
        pending.GetProperty("dueOn").GetString().Should().Be("2026-11-28");
        (await Status(a.Hr, a.Org.EmployeeA)).GetProperty("status").GetString().Should().Be("retraining_required");
        var wrong = await worker.PostAsJsonAsync($"/api/v1/me/acknowledgements/{minor}", new { password = "wrong-password1" });
        wrong.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await worker.PostAsJsonAsync($"/api/v1/me/acknowledgements/{minor}", new { password = Password })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await Status(a.Hr, a.Org.EmployeeA)).GetProperty("status").GetString().Should().Be("qualified");

        var sop = await CreateDocumentAsync(a, "SOP-AKT", "包装作业规程");
        var sopV1 = await ReleaseVersionAsync(a, sop, "major");
        (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { positionId = a.Org.PositionB, kind = "training", documentId = sop })).EnsureSuccessStatusCode();
        (await a.Hr.PostAsJsonAsync("/api/v1/completions", new { employeeId = a.Org.EmployeeB, documentVersionId = sopV1, completedOn = "2026-11-20" })).EnsureSuccessStatusCode();
        var sopMinor = await CreateVersionAsync(a, sop, "minor", retrainDueDays: 5);
        (await ReleaseAsync(a.Approver, sopMinor, null)).EnsureSuccessStatusCode();
        var trained = await Status(a.Hr, a.Org.EmployeeB);
        trained.GetProperty("status").GetString().Should().Be("qualified", "a minor version leaves people qualified until the acknowledgement is due");
        trained.GetProperty("dueOn").GetString().Should().Be("2026-11-26");
        await App.CreateUserAsync(a.Admin, "akworker2", ["Employee"], scopeAll: false, employeeId: a.Org.EmployeeB);
        var workerB = await App.SignInAsync("akworker2", Password);
        (await workerB.GetFromJsonAsync<List<JsonElement>>("/api/v1/me/acknowledgements"))!.Single().GetProperty("document").GetString().Should().Be("SOP-AKT v1.1");
        (await workerB.PostAsJsonAsync($"/api/v1/me/acknowledgements/{sopMinor}", new { password = Password })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await Status(a.Hr, a.Org.EmployeeB)).GetProperty("dueOn").ValueKind.Should().Be(JsonValueKind.Null);

        var skill = await PostIdAsync(a.Hr, "/api/v1/skills", new { code = "AK-TIG", name = "TIG 焊", maxLevel = 4 });
        (await worker.PostAsJsonAsync("/api/v1/me/skill-wishes", new { skillId = skill, note = "想转焊工" })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await worker.PostAsJsonAsync("/api/v1/me/skill-wishes", new { skillId = skill })).StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await worker.GetStringAsync($"/Organization/Employees/Profile?id={a.Org.EmployeeA}")).Should().Contain("想转焊工");
    }

    [Fact]
    public async Task Equivalents_prerequisites_and_org_unit_scope_shape_a_requirement()
    {
        var a = await ActorsAsync("EQ");
        var sop = await CreateDocumentAsync(a, "SOP-EQ", "叉车操作规程");
        await ReleaseVersionAsync(a, sop, "major");
        var certificate = await CreateDocumentAsync(a, "EXT-FORK", "特种设备作业人员证（叉车）");
        var certificateV1 = await ReleaseVersionAsync(a, certificate, "major");
        var safety = await CreateDocumentAsync(a, "SOP-EQSAFE", "安全总则");
        var safetyV1 = await ReleaseVersionAsync(a, safety, "major");
        var safetyRequirement = await PostIdAsync(a.Hr, "/api/v1/requirements", new { positionId = a.Org.PositionA, kind = "training", documentId = safety });
        await PostIdAsync(a.Hr, "/api/v1/requirements", new { positionId = a.Org.PositionA, kind = "training", documentId = sop, equivalentDocumentIds = new[] { certificate }, prerequisiteIds = new[] { safetyRequirement } });
        await PostIdAsync(a.Hr, "/api/v1/requirements", new { positionId = a.Org.PositionA, kind = "training", documentId = safety, orgUnitId = a.Org.WorkshopB });
        (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { positionId = a.Org.PositionA, kind = "skill", skillId = Guid.NewGuid(), minLevel = 1, equivalentDocumentIds = new[] { certificate } }))
            .StatusCode.Should().Be(HttpStatusCode.BadRequest);

        (await a.Hr.PostAsJsonAsync("/api/v1/completions", new { employeeId = a.Org.EmployeeA, documentVersionId = certificateV1, completedOn = "2026-11-20" })).EnsureSuccessStatusCode();
        var statuses = await a.Hr.GetFromJsonAsync<List<JsonElement>>($"/api/v1/employees/{a.Org.EmployeeA}/qualifications");
        statuses!.Should().HaveCount(2, "the requirement scoped to workshop B does not apply to workshop A");
        statuses!.Single(s => s.GetProperty("requirement").GetString()!.StartsWith("SOP-EQ ", StringComparison.Ordinal)).GetProperty("status").GetString()
            .Should().Be("not_trained", "the certificate counts, but the safety prerequisite is not met yet");
        var gate = await a.Hr.GetFromJsonAsync<JsonElement>($"/api/v1/qualification-check?employee=EQ1001&position={a.Org.PositionA}");
        gate.GetProperty("unmet").EnumerateArray().Select(u => u.GetProperty("requirement").GetString()).Should().Contain(r => r!.StartsWith("SOP-EQ ", StringComparison.Ordinal));

        (await a.Hr.PostAsJsonAsync("/api/v1/completions", new { employeeId = a.Org.EmployeeA, documentVersionId = safetyV1, completedOn = "2026-11-20" })).EnsureSuccessStatusCode();
        await PostIdAsync(a.Hr, "/api/v1/requirements", new { positionId = a.Org.PositionA, kind = "acknowledgement", documentId = safety, orgUnitId = a.Org.WorkshopA });
        statuses = await a.Hr.GetFromJsonAsync<List<JsonElement>>($"/api/v1/employees/{a.Org.EmployeeA}/qualifications");
        statuses!.Should().HaveCount(3);
        statuses!.Single(s => s.GetProperty("requirement").GetString()!.StartsWith("SOP-EQ ", StringComparison.Ordinal)).GetProperty("status").GetString()
            .Should().Be("qualified", "the external certificate is equivalent and the prerequisite is now met");
    }

    [Fact]
    public async Task Versions_carry_files_checked_by_content_and_QA_can_withdraw_the_effective_one()
    {
        var a = await ActorsAsync("FL");
        var doc = await CreateDocumentAsync(a, "SOP-FL", "包装规程");
        var draft = await CreateVersionAsync(a, doc, "major", 30);
        var pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();
        using (var content = new MultipartFormDataContent { { new ByteArrayContent(pdf), "file", "SOP-FL.pdf" } })
        {
            (await a.Author.PostAsync($"/api/v1/documents/versions/{draft}/files", content)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using (var fake = new MultipartFormDataContent { { new ByteArrayContent("MZ not a pdf"u8.ToArray()), "file", "virus.pdf" } })
        {
            var refused = await a.Author.PostAsync($"/api/v1/documents/versions/{draft}/files", fake);
            refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        }

        var document = await a.Hr.GetFromJsonAsync<JsonElement>($"/api/v1/documents/{doc}");
        var files = document.GetProperty("versions")[0].GetProperty("files");
        files.GetArrayLength().Should().Be(1);
        (await a.Hr.GetByteArrayAsync($"/api/v1/files/{files[0].GetProperty("id").GetGuid()}")).Should().Equal(pdf);

        (await ReleaseAsync(a.Approver, draft, null)).EnsureSuccessStatusCode();
        using (var late = new MultipartFormDataContent { { new ByteArrayContent(pdf), "file", "late.pdf" } })
        {
            (await a.Author.PostAsync($"/api/v1/documents/versions/{draft}/files", late)).StatusCode.Should().Be(HttpStatusCode.Conflict);
        }

        (await a.Approver.PostAsJsonAsync($"/api/v1/documents/versions/{draft}/withdraw", new { password = Password, meaning = "作废" })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await a.Hr.GetFromJsonAsync<JsonElement>($"/api/v1/documents/{doc}")).GetProperty("currentVersion").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task A_department_head_sees_and_exports_only_their_subtree()
    {
        var a = await ActorsAsync("DH");
        var doc = await CreateDocumentAsync(a, "SOP-DH", "通用安全");
        await ReleaseVersionAsync(a, doc, "major");
        (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { positionId = a.Org.PositionA, kind = "training", documentId = doc })).EnsureSuccessStatusCode();
        (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { positionId = a.Org.PositionB, kind = "training", documentId = doc })).EnsureSuccessStatusCode();
        await App.CreateUserAsync(a.Admin, "dhhead", ["DepartmentHead"], scopeAll: false, scope: [a.Org.WorkshopA]);
        var head = await App.SignInAsync("dhhead", Password);

        var matrix = await head.GetFromJsonAsync<JsonElement>("/api/v1/matrix");
        matrix.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("employeeNo").GetString()).Should().Contain("DH1001").And.NotContain("DH2001");
        (await head.GetAsync($"/api/v1/matrix?orgUnitId={a.Org.WorkshopB}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var bytes = await head.GetByteArrayAsync("/api/v1/matrix/export");
        using var reader = Skillgate.Platform.Excel.XlsxReader.Open(new MemoryStream(bytes), Skillgate.Platform.Excel.XlsxLimits.Default, new Skillgate.Platform.Localization.Texts());
        var numbers = reader.Rows(reader.SheetNames[0]).Skip(1).Select(r => r[0]).ToList();
        numbers.Should().Contain("DH1001").And.NotContain("DH2001");
        (await head.GetStringAsync("/Competence/Matrix")).Should().Contain("DH1001").And.NotContain("DH2001");
        (await head.GetAsync($"/api/v1/employees/{a.Org.EmployeeB}/qualifications")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}

/// <summary>Expiry and reminders move the fake clock a year ahead, so they have a factory of their own.</summary>
public sealed class QualificationExpiryTests(SkillgateFactory factory) : CompetenceTestBase(factory), IClassFixture<SkillgateFactory>
{
    [Fact]
    public async Task With_a_fake_clock_a_qualification_expires_and_reminders_go_out_once_at_each_lead_time()
    {
        var a = await ActorsAsync("EX");
        var employeeUser = await App.CreateUserAsync(a.Admin, "exworker", ["Employee"], scopeAll: false, employeeId: a.Org.EmployeeA);
        var headUser = await App.CreateUserAsync(a.Admin, "exhead", ["DepartmentHead"], scopeAll: false, scope: [a.Org.WorkshopA]);
        await using (var ds = App.OpenDataSource())
        {
            await using var english = ds.CreateCommand("UPDATE auth.app_user SET language = 'en' WHERE id = $1");
            english.Parameters.AddWithValue(headUser);
            await english.ExecuteNonQueryAsync();
        }

        var doc = await CreateDocumentAsync(a, "SOP-EX", "叉车安全");
        var v1 = await ReleaseVersionAsync(a, doc, "major");
        (await a.Hr.PostAsJsonAsync("/api/v1/requirements", new { positionId = a.Org.PositionA, kind = "training", documentId = doc, validityMonths = 12 })).EnsureSuccessStatusCode();
        (await a.Hr.PostAsJsonAsync("/api/v1/completions", new { employeeId = a.Org.EmployeeA, documentVersionId = v1, completedOn = "2026-11-21" })).EnsureSuccessStatusCode();
        (await Status(a.Hr, a.Org.EmployeeA)).GetProperty("validUntil").GetString().Should().Be("2027-11-21");

        async Task<string> DayAsync(string date)
        {
            App.Clock.Advance(DateTimeOffset.Parse(date + "T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture) - App.Clock.GetUtcNow());
            var admin = await App.SignInAsync("admin", SkillgateFactory.AdminPassword);
            (await admin.PostAsync("/api/v1/jobs/qualification-daily", null)).EnsureSuccessStatusCode();
            var again = await admin.PostAsync("/api/v1/jobs/qualification-daily", null);
            (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ran").GetBoolean().Should().BeFalse("the job runs once a day");
            return (await Status(admin, a.Org.EmployeeA)).GetProperty("status").GetString()!;
        }

        (await DayAsync("2027-10-01")).Should().Be("qualified");
        (await NotificationsAsync(employeeUser)).Should().Be(0);
        (await DayAsync("2027-10-23")).Should().Be("expiring");
        (await NotificationsAsync(employeeUser)).Should().Be(1);
        (await DayAsync("2027-10-24")).Should().Be("expiring");
        (await NotificationsAsync(employeeUser)).Should().Be(1, "the 30-day reminder goes out once");
        (await DayAsync("2027-11-15")).Should().Be("expiring");
        (await NotificationsAsync(employeeUser)).Should().Be(2);
        (await DayAsync("2027-11-22")).Should().Be("expired");
        (await NotificationsAsync(employeeUser)).Should().Be(3);
        (await NotificationsAsync(null, "exhead")).Should().Be(3, "the department head gets each reminder too");

        // Each reads the reminder in their own language, whatever the job's: the worker (no choice made) in Chinese, the head in English.
        (await TitlesAsync(employeeUser)).Should().Contain("张伟 的资质“SOP-EX v1.0 培训”将于 2027-11-21 到期").And.Contain("张伟 的资质“SOP-EX v1.0 培训”已到期");
        (await TitlesAsync(headUser)).Should().Contain("张伟's qualification \"SOP-EX v1.0 training\" expires on 2027-11-21");
    }

    private async Task<List<string>> TitlesAsync(Guid userId)
    {
        await using var ds = App.OpenDataSource();
        await using var cmd = ds.CreateCommand("SELECT title FROM platform.notification WHERE user_id = $1 ORDER BY created_at");
        cmd.Parameters.AddWithValue(userId);
        await using var reader = await cmd.ExecuteReaderAsync();
        var titles = new List<string>();
        while (await reader.ReadAsync())
        {
            titles.Add(reader.GetString(0));
        }

        return titles;
    }
}

/// <summary>Users, documents and versions for the competence tests, made through the API.</summary>
public abstract class CompetenceTestBase(SkillgateFactory app)
{
    protected const string Password = "Passw0rd!x";

    protected SkillgateFactory App => app;

    protected sealed record Actors(HttpClient Admin, HttpClient Author, HttpClient Approver, HttpClient Hr, TestOrg Org);

    protected async Task<Actors> ActorsAsync(string prefix)
    {
        var admin = await app.SignInAsync("admin", SkillgateFactory.AdminPassword);
        var org = await TestOrg.CreateAsync(admin, prefix);
        await app.CreateUserAsync(admin, prefix + "qa1", ["QA"], scopeAll: true);
        await app.CreateUserAsync(admin, prefix + "qa2", ["QA"], scopeAll: true);
        await app.CreateUserAsync(admin, prefix + "hr", ["HR"], scopeAll: true);
        return new Actors(admin, await app.SignInAsync(prefix + "qa1", Password), await app.SignInAsync(prefix + "qa2", Password), await app.SignInAsync(prefix + "hr", Password), org);
    }

    protected async Task<int> NotificationsAsync(Guid? userId, string? userName = null)
    {
        await using var ds = app.OpenDataSource();
        await using var cmd = ds.CreateCommand(userId is null
            ? "SELECT count(*) FROM platform.notification n JOIN auth.app_user u ON u.id = n.user_id WHERE u.user_name = @name"
            : "SELECT count(*) FROM platform.notification WHERE user_id = @id");
        cmd.Parameters.AddWithValue("id", userId ?? Guid.Empty);
        cmd.Parameters.AddWithValue("name", userName ?? "");
        return (int)(long)(await cmd.ExecuteScalarAsync())!;
    }

    protected static async Task<JsonElement> Status(HttpClient client, Guid employeeId) =>
        (await client.GetFromJsonAsync<List<JsonElement>>($"/api/v1/employees/{employeeId}/qualifications"))!.Single();

    protected static async Task<Guid> CreateDocumentAsync(Actors a, string code, string title) =>
        await PostIdAsync(a.Author, "/api/v1/documents", new { code, title, kind = "sop" });

    protected static async Task<Guid> CreateVersionAsync(Actors a, Guid document, string changeType, int retrainDueDays)
    {
        var version = await PostIdAsync(a.Author, $"/api/v1/documents/{document}/versions", new { changeType, summary = "修订", retrainDueDays });
        (await a.Author.PostAsync($"/api/v1/documents/versions/{version}/submit", null)).EnsureSuccessStatusCode();
        return version;
    }

    protected static async Task<Guid> ReleaseVersionAsync(Actors a, Guid document, string changeType)
    {
        var version = await CreateVersionAsync(a, document, changeType, 30);
        (await ReleaseAsync(a.Approver, version, null)).EnsureSuccessStatusCode();
        return version;
    }

    protected static Task<HttpResponseMessage> ReleaseAsync(HttpClient approver, Guid version, string? effectiveOn, string? password = Password) =>
        approver.PostAsJsonAsync($"/api/v1/documents/versions/{version}/release", new { password, meaning = "批准发布", effectiveOn });

    protected static async Task<Guid> PostFileAsync(HttpClient client, MultipartFormDataContent content)
    {
        var response = await client.PostAsync("/api/v1/files", content);
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    protected static async Task<Guid> PostIdAsync(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {url} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
