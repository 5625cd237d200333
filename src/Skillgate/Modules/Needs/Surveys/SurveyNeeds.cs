using System.Globalization;
using Dapper;
using Npgsql;
using Skillgate.Modules.Needs.Analysis;
using Skillgate.Modules.Needs.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Needs.Surveys;

/// <summary>
/// A survey as a needs source: an option people chose (e.g. "新设备操作") becomes a training need for one unit or for all who
/// answered, with the count as its evidence. A named survey's need names those who chose it; an anonymous one names no one.
/// With a course the need joins an open need for the same course and unit, as the analysis's signals do.
/// </summary>
internal sealed class SurveyNeeds(NpgsqlDataSource dataSource, NeedWriter writer, TimeProvider clock, Texts t)
{
    public async Task<Guid> ToNeedAsync(Guid id, SurveyNeedInput input, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var survey = await SurveyHandler.ReadAsync(connection, null, id, ct) ?? throw new NotFoundException(t["needs.survey_unknown"]);
        var v = new Validation();
        var question = survey.Questions.FirstOrDefault(q => q.Id == input.QuestionId);
        if (question is null || question.Kind is not ("choice" or "multi"))
        {
            v.Add("questionId", t["needs.survey_need_question"]);
        }
        else if (input.Option < 0 || input.Option >= question.Options.Count)
        {
            v.Add("option", t["needs.survey_need_option"]);
        }

        if (input.Priority is not ("high" or "medium" or "low"))
        {
            v.Add("priority", t["needs.survey_need_priority"]);
        }

        if (input.DueOn < DateOnly.FromDateTime(clock.GetLocalNow().DateTime))
        {
            v.Add("dueOn", t["needs.survey_closes_past"]);
        }

        string? unitName = null;
        if (input.OrgUnitId is { } unit)
        {
            unitName = await connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT name FROM org.org_unit_v WHERE id = @unit", new { unit }, cancellationToken: ct));
            if (unitName is null)
            {
                v.Add("orgUnitId", t["org.unit.unknown"]);
            }
        }

        string? courseTitle = null;
        if (input.CourseId is { } course)
        {
            courseTitle = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT code || ' ' || title FROM learning.course_v WHERE id = @course", new { course }, cancellationToken: ct));
            if (courseTitle is null)
            {
                v.Add("courseId", t["learning.course_unknown"]);
            }
        }

        v.ThrowIfInvalid();
        if (survey.Status == "draft")
        {
            throw new RuleViolationException("survey_not_sent", t["needs.survey_not_sent"]);
        }

        var chosen = (await connection.QueryAsync<(Guid? EmployeeId, Guid OrgUnitId)>(new CommandDefinition(
            """
            SELECT r.employee_id, r.org_unit_id FROM needs.survey_response r JOIN needs.survey_answer a ON a.response_id = r.id
            WHERE r.survey_id = @id AND a.question_id = @question AND @option = ANY (a.choices) AND (@unit::uuid IS NULL OR r.org_unit_id = @unit)
            """, new { id, question = input.QuestionId, option = input.Option, unit = input.OrgUnitId }, cancellationToken: ct))).ToList();
        var answered = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*)::int FROM needs.survey_response r WHERE r.survey_id = @id AND (@unit::uuid IS NULL OR r.org_unit_id = @unit)",
            new { id, unit = input.OrgUnitId }, cancellationToken: ct));
        if (chosen.Count == 0)
        {
            throw new RuleViolationException("survey_need_nobody", t["needs.survey_need_nobody"]);
        }

        var option = question!.Options[input.Option];
        var scope = unitName ?? t["needs.survey_all"];
        string[] args = [survey.Title, question.Text, option, chosen.Count.ToString(CultureInfo.InvariantCulture), answered.ToString(CultureInfo.InvariantCulture), scope];
        var key = $"survey:{id:N}:{question.Id:N}:{input.Option}:unit:{input.OrgUnitId:N}";
        var people = chosen.Where(c => c.EmployeeId is not null).Select(c => c.EmployeeId!.Value).Distinct().ToList();
        var signal = new NeedSignal(
            $"{key}:{chosen.Count}", "survey", null, input.CourseId is { } c ? NeedAnalysis.DedupeKey(c, null, input.OrgUnitId) : key, courseTitle ?? option,
            input.CourseId, null, input.OrgUnitId, scope, new EvidenceItem("survey", "needs.why.survey", args), input.Priority, input.DueOn,
            _ => Task.FromResult<IReadOnlyList<Guid>>(people));
        await writer.TakeAsync(signal, people, ct);
        return await connection.ExecuteScalarAsync<Guid>(new CommandDefinition("SELECT need_id FROM needs.signal WHERE key = @key", new { key = signal.SignalKey }, cancellationToken: ct));
    }
}
