using Dapper;
using Npgsql;
using Skillgate.Modules.Needs.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Needs.Surveys;

/// <summary>
/// The employee's side: the surveys waiting for their answer, and answering one, once, while it is open. An anonymous answer is
/// stored without its person, under a random id and without a date; the invite records that they answered, not what.
/// </summary>
internal sealed class SurveyAnswers(NpgsqlDataSource dataSource, UnitOfWork work, CurrentUser me, TimeProvider clock, Texts t)
{
    public const int MaxText = 2000;

    public async Task<IReadOnlyList<SurveyToAnswer>> MineAsync(CancellationToken ct)
    {
        if (me.EmployeeId is not { } employee)
        {
            return [];
        }

        await using var connection = await dataSource.OpenScopedAsync(ct);
        return (await connection.QueryAsync<SurveyToAnswer>(new CommandDefinition(
            """
            SELECT s.id AS Id, s.title AS Title, s.anonymous AS Anonymous, s.closes_on AS ClosesOn,
                   (SELECT count(*)::int FROM needs.survey_question q WHERE q.survey_id = s.id) AS Questions
            FROM needs.survey_invite i JOIN needs.survey s ON s.id = i.survey_id
            WHERE i.employee_id = @employee AND i.answered_on IS NULL AND s.status = 'open' AND (s.closes_on IS NULL OR s.closes_on >= @today::date)
            ORDER BY s.closes_on NULLS LAST, s.opened_at
            """, new { employee, today = Today().ToDateTime(TimeOnly.MinValue) }, cancellationToken: ct))).ToList();
    }

    /// <summary>The survey as the invited person answers it; 404 for anyone not invited.</summary>
    public async Task<(SurveyDto Survey, bool Answered)> ForMeAsync(Guid id, CancellationToken ct)
    {
        var employee = me.EmployeeId ?? throw new NotFoundException(t["needs.survey_unknown"]);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var invite = (await connection.QueryAsync<bool>(new CommandDefinition(
            "SELECT answered_on IS NOT NULL FROM needs.survey_invite WHERE survey_id = @id AND employee_id = @employee", new { id, employee }, cancellationToken: ct))).ToList();
        var survey = invite.Count == 0 ? null : await SurveyHandler.ReadAsync(connection, null, id, ct);
        return survey is null ? throw new NotFoundException(t["needs.survey_unknown"]) : (survey, invite[0]);
    }

    public async Task AnswerAsync(Guid id, SurveyResponseInput input, CancellationToken ct)
    {
        var employee = me.EmployeeId ?? throw new NotFoundException(t["needs.survey_unknown"]);
        var today = Today();
        await using var tx = await work.BeginAsync(ct);
        var invite = (await tx.Connection.QueryAsync<bool>(
            "SELECT answered_on IS NOT NULL FROM needs.survey_invite WHERE survey_id = @id AND employee_id = @employee FOR UPDATE", new { id, employee }, tx.Sql)).ToList();
        var survey = invite.Count == 0 ? null : await SurveyHandler.ReadAsync(tx.Connection, tx.Sql, id, ct);
        if (survey is null)
        {
            throw new NotFoundException(t["needs.survey_unknown"]);
        }

        if (survey.Status != "open" || survey.ClosesOn < today)
        {
            throw new RuleViolationException("survey_not_open", t["needs.survey_not_open"]);
        }

        if (invite[0])
        {
            throw new RuleViolationException("survey_answered", t["needs.survey_answered"]);
        }

        var answers = Validate(survey, input);
        var person = await tx.Connection.QuerySingleAsync<(Guid OrgUnitId, Guid? PositionId)>(
            "SELECT org_unit_id, position_id FROM org.employee_v WHERE id = @employee", new { employee }, tx.Sql);

        // A random id (not time-ordered) for an anonymous sheet, so the order of ids does not follow the order of answering.
        var responseId = survey.Anonymous ? Guid.NewGuid() : Guid.CreateVersion7(clock.GetUtcNow());
        await tx.Connection.ExecuteAsync(
            """
            INSERT INTO needs.survey_response (id, survey_id, employee_id, org_unit_id, position_id, submitted_on)
            VALUES (@responseId, @id, @who, @OrgUnitId, @PositionId, @on::date)
            """,
            new { responseId, id, who = survey.Anonymous ? (Guid?)null : employee, person.OrgUnitId, person.PositionId, on = survey.Anonymous ? (DateTime?)null : today.ToDateTime(TimeOnly.MinValue) },
            tx.Sql);
        foreach (var a in answers)
        {
            await tx.Connection.ExecuteAsync(
                "INSERT INTO needs.survey_answer (response_id, question_id, choices, scale, text) VALUES (@responseId, @QuestionId, @choices, @Scale, @Text)",
                new { responseId, a.QuestionId, choices = (a.Choices ?? []).ToArray(), a.Scale, a.Text }, tx.Sql);
        }

        await tx.Connection.ExecuteAsync(
            "UPDATE needs.survey_invite SET answered_on = @today::date WHERE survey_id = @id AND employee_id = @employee",
            new { id, employee, today = today.ToDateTime(TimeOnly.MinValue) }, tx.Sql);
        await tx.AuditAsync("answered", "survey", id, null, survey.Anonymous ? new { anonymous = true } : new { anonymous = false, response = responseId });
        await tx.CommitAsync(ct);
    }

    private List<SurveyAnswerInput> Validate(SurveyDto survey, SurveyResponseInput input)
    {
        var v = new Validation();
        var given = (input.Answers ?? []).GroupBy(a => a.QuestionId).ToDictionary(g => g.Key, g => g.Last());
        if (given.Keys.Any(k => survey.Questions.All(q => q.Id != k)))
        {
            v.Add("answers", t["needs.survey_question_unknown"]);
        }

        var clean = new List<SurveyAnswerInput>();
        foreach (var q in survey.Questions)
        {
            var field = $"answers[{q.Ord}]";
            var a = given.GetValueOrDefault(q.Id);
            var choices = (a?.Choices ?? []).Distinct().Order().ToList();
            var text = a?.Text?.Trim();
            var empty = q.Kind switch
            {
                "choice" or "multi" => choices.Count == 0,
                "scale" => a?.Scale is null,
                _ => string.IsNullOrEmpty(text),
            };
            if (empty)
            {
                if (q.Required)
                {
                    v.Add(field, t["needs.survey_answer_required", q.Ord]);
                }

                continue;
            }

            if (q.Kind is "choice" or "multi" && (choices.Any(c => c < 0 || c >= q.Options.Count) || (q.Kind == "choice" && choices.Count > 1)))
            {
                v.Add(field, t["needs.survey_answer_choice", q.Ord]);
            }
            else if (q.Kind == "scale" && a!.Scale is < 1 or > SurveyHandler.ScaleMax)
            {
                v.Add(field, t["needs.survey_answer_scale", q.Ord, SurveyHandler.ScaleMax]);
            }
            else if (q.Kind == "text" && text!.Length > MaxText)
            {
                v.Add(field, t["validation.max_length", MaxText]);
            }

            clean.Add(new SurveyAnswerInput(q.Id, q.Kind is "choice" or "multi" ? choices : null, q.Kind == "scale" ? a!.Scale : null, q.Kind == "text" ? text : null));
        }

        v.ThrowIfInvalid();
        return clean;
    }

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
}
