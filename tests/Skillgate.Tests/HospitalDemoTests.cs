using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using FluentAssertions;
using Skillgate.Tests.Infrastructure;
using Skillgate.Tests.Walls;
using Xunit;

namespace Skillgate.Tests;

/// <summary>The demo hospital as seeded (issue 25): <c>seed-demo hospital</c>, on a fresh database.</summary>
public sealed class HospitalDemoFactory : SkillgateFactory
{
    public HospitalDemoFactory()
    {
        SeedDemo = true;
        Demo = "hospital";
    }
}

/// <summary>
/// The demo hospital speaks a hospital's words in its data too (units, posts, courses, documents, checklists, processes, rules,
/// notifications), holds no plant, lets every documented login in, and tells the credits story: the demo nurse is short of
/// the year's credits, so the gate refuses her on her post and names the shortfall.
/// </summary>
public sealed class HospitalDemoTests(HospitalDemoFactory app) : IClassFixture<HospitalDemoFactory>
{
    private static readonly string[] Logins = ["admin", "hr", "qa", "qcdirector", "chief", "headnurse", "instructor", "employee", "nurse", "director"];

    /// <summary>Every text column a demo row shows people.</summary>
    private const string DemoTexts =
        """
        SELECT 'unit ' || code, name FROM org.org_unit
        UNION ALL SELECT 'post ' || code, name FROM org.position
        UNION ALL SELECT 'shift ' || code, name || ' ' || pattern FROM org.shift_group
        UNION ALL SELECT 'event', coalesce(note, '') FROM org.employee_event
        UNION ALL SELECT 'user ' || user_name, user_name || ' ' || display_name FROM auth.app_user
        UNION ALL SELECT 'document ' || code, title FROM standards.document
        UNION ALL SELECT 'version', summary FROM standards.document_version
        UNION ALL SELECT 'skill ' || code, name || ' ' || array_to_string(level_descriptions, ' ') FROM competence.skill
        UNION ALL SELECT 'operation ' || code, name FROM competence.operation
        UNION ALL SELECT 'course ' || code, title || ' ' || coalesce(description, '') FROM learning.course
        UNION ALL SELECT 'question', stem || ' ' || array_to_string(options, ' ') FROM learning.question
        UNION ALL SELECT 'paper', title FROM learning.paper
        UNION ALL SELECT 'credit', title || ' ' || provider FROM learning.external_credit
        UNION ALL SELECT 'instructor', name || ' ' || coalesce(organization, '') || ' ' || coalesce(subjects, '') FROM learning.instructor
        UNION ALL SELECT 'notification', title || ' ' || body FROM platform.notification
        UNION ALL SELECT 'process ' || code, name_zh || ' ' || name_en FROM workflow.definition
        UNION ALL SELECT 'step ' || (s ->> 'key'), (s ->> 'nameZh') || ' ' || (s ->> 'nameEn') FROM workflow.definition_version v, jsonb_array_elements(v.steps) s
        UNION ALL SELECT 'field ' || (f ->> 'key'), (f ->> 'labelZh') || ' ' || (f ->> 'labelEn')
            FROM workflow.definition_version v, jsonb_array_elements(v.steps) s, jsonb_array_elements(s -> 'form') f
        UNION ALL SELECT 'instance ' || number, title FROM workflow.instance
        UNION ALL SELECT 'rule', name FROM needs.rule
        UNION ALL SELECT 'need', title FROM needs.need
        UNION ALL SELECT 'survey', title FROM needs.survey
        UNION ALL SELECT 'survey question', text || ' ' || array_to_string(options, ' ') FROM needs.survey_question
        UNION ALL SELECT 'survey answer', coalesce(text, '') FROM needs.survey_answer
        UNION ALL SELECT 'checklist ' || code, title || ' ' || array_to_string(items, ' ') FROM quality.checklist
        UNION ALL SELECT 'check', items::text FROM quality.supervision_check
        UNION ALL SELECT 'room ' || code, name || ' ' || equipment FROM training.room
        UNION ALL SELECT 'session', title FROM training.session
        UNION ALL SELECT 'store item ' || code, name FROM points.item
        UNION ALL SELECT 'certification ' || code, name FROM points.certification_rule
        UNION ALL SELECT 'note', body FROM points.note
        UNION ALL SELECT 'skill application', title || ' ' || description FROM points.skill_application
        """;

    [Fact]
    public async Task The_hospital_is_seeded_in_a_hospitals_words_with_no_plant_and_every_login_works()
    {
        _ = app.Services;
        await using var data = app.OpenDataSource();
        await using var db = await data.OpenConnectionAsync();
        (await db.ExecuteScalarAsync<string>("SELECT sector FROM org.sector_setting")).Should().Be("hospital");
        (await db.ExecuteScalarAsync<long>("SELECT count(*) FROM org.org_unit WHERE code IN ('SG', 'P1', 'P2')")).Should().Be(0);
        (await db.ExecuteScalarAsync<long>("SELECT count(*) FROM standards.document WHERE code = 'WI-WELD-01'")).Should().Be(0);
        (await db.ExecuteScalarAsync<long>("SELECT count(*) FROM org.employee")).Should().BeInRange(100, 200);
        (await db.ExecuteScalarAsync<long>("SELECT count(*) FROM workflow.instance i JOIN workflow.task t ON t.instance_id = i.id WHERE t.status = 'open' AND t.step_key = 'qa_review'"))
            .Should().Be(2, "two procedure updates wait for the quality-control office");
        (await db.ExecuteScalarAsync<string>(
            """
            SELECT n.title FROM needs.need n JOIN org.org_unit u ON u.id = n.org_unit_id
            WHERE u.code = 'HOSP-MED-W2' AND n.source = 'check_failures'
            """)).Should().Be("静脉治疗操作技能考核（实操）", "内科二病区's IV-therapy check failures rose three months running");

        var rows = (await db.QueryAsync<(string What, string Text)>(DemoTexts)).ToList();
        rows.Should().HaveCountGreaterThan(300);
        rows.Where(r => Manufacturing(r.Text)).Select(r => $"{r.What}: {r.Text}").Should().BeEmpty();

        foreach (var login in Logins)
        {
            using var client = await app.SignInAsync(login, SkillgateFactory.DemoPassword);
            (await client.GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.OK, login);
        }
    }

    [Fact]
    public async Task The_demo_nurse_is_short_of_the_years_credits_and_the_gate_names_the_shortfall()
    {
        _ = app.Services;
        await using var data = app.OpenDataSource();
        await using var db = await data.OpenConnectionAsync();
        var (employee, position) = await db.QuerySingleAsync<(Guid, Guid)>(
            "SELECT e.id, e.position_id FROM org.employee e JOIN auth.app_user u ON u.employee_id = e.id WHERE u.user_name = 'employee'");
        using var hr = await app.SignInAsync("hr", SkillgateFactory.DemoPassword);
        var response = await hr.GetAsync($"/api/v1/qualification-check?employee={employee}&position={position}");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var check = await response.Content.ReadFromJsonAsync<JsonElement>();
        check.GetProperty("qualified").GetBoolean().Should().BeFalse();
        check.GetProperty("unmet").EnumerateArray().Select(u => u.GetProperty("shortfall").GetString()).Should().Contain("本年度已获 18 学分，还差 7 学分", "HR reads Chinese");
        (await db.ExecuteScalarAsync<long>($"SELECT count(*) FROM learning.external_credit WHERE employee_id = '{employee}' AND status = 'submitted'"))
            .Should().Be(1, "her conference credit waits for HR");
    }

    private static bool Manufacturing(string text) =>
        SectorTextTests.ManufacturingZh.Any(w => text.Contains(w, StringComparison.Ordinal)) ||
        SectorTextTests.ManufacturingEn.Any(w => Regex.IsMatch(text, $@"\b{Regex.Escape(w)}\b", RegexOptions.IgnoreCase));
}
