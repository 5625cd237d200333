using Dapper;
using Npgsql;
using Skillgate.Modules.Needs.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Needs.Surveys;

/// <summary>
/// A survey's answers summarised for the whole and by unit or by post, from the answer sheets the reader's scope covers. For an
/// anonymous survey, groups of fewer than <see cref="MinGroup"/> sheets are shown together and its texts carry no group, so no
/// one's answer can be picked out; a named survey shows who wrote each text.
/// </summary>
internal sealed class SurveyResultsReader(NpgsqlDataSource dataSource, Texts t)
{
    public const int MinGroup = 3;

    public async Task<SurveyResults> ResultsAsync(Guid id, string? by, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var survey = await SurveyHandler.ReadAsync(connection, null, id, ct) ?? throw new NotFoundException(t["needs.survey_unknown"]);
        return await ResultsAsync(connection, survey, by, ct);
    }

    /// <summary>The results of a survey the caller has read already.</summary>
    public async Task<SurveyResults> ResultsAsync(SurveyDto survey, string? by, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        return await ResultsAsync(connection, survey, by, ct);
    }

    private async Task<SurveyResults> ResultsAsync(NpgsqlConnection connection, SurveyDto survey, string? by, CancellationToken ct)
    {
        var id = survey.Id;
        var grouping = by == "position" ? "position" : "unit";
        var sheets = (await connection.QueryAsync<Sheet>(new CommandDefinition(
            """
            SELECT r.id AS Id, r.org_unit_id AS OrgUnitId, u.name AS UnitName, r.position_id AS PositionId, p.name AS PositionName, e.name AS EmployeeName
            FROM needs.survey_response r JOIN org.org_unit_v u ON u.id = r.org_unit_id
            LEFT JOIN org.position_v p ON p.id = r.position_id LEFT JOIN org.employee_v e ON e.id = r.employee_id
            WHERE r.survey_id = @id
            """, new { id }, cancellationToken: ct))).ToDictionary(s => s.Id);
        var answers = (await connection.QueryAsync<Answer>(new CommandDefinition(
            """
            SELECT a.response_id AS ResponseId, a.question_id AS QuestionId, a.choices AS Choices, a.scale AS Scale, a.text AS Text
            FROM needs.survey_answer a JOIN needs.survey_response r ON r.id = a.response_id WHERE r.survey_id = @id
            """, new { id }, cancellationToken: ct))).Where(a => sheets.ContainsKey(a.ResponseId)).ToList();

        var groupOf = GroupsOf(sheets.Values, grouping, survey.Anonymous);
        var sizes = groupOf.Values.GroupBy(g => g).ToDictionary(g => g.Key, g => g.Count());
        var results = new List<SurveyQuestionResult>();
        foreach (var q in survey.Questions)
        {
            var mine = answers.Where(a => a.QuestionId == q.Id).ToList();
            var all = Summarise(null, t["needs.survey_all"], q, mine, sheets.Count);
            var groups = mine.GroupBy(a => groupOf[a.ResponseId])
                .Select(g => Summarise(g.Key.Id, g.Key.Label, q, [.. g], sizes[g.Key]))
                .OrderByDescending(g => g.GroupId is not null).ThenBy(g => g.Label, StringComparer.Ordinal).ToList();
            var texts = q.Kind != "text" ? [] : mine.Where(a => !string.IsNullOrEmpty(a.Text))
                .Select(a => new SurveyTextAnswer(a.Text!, survey.Anonymous ? null : sheets[a.ResponseId].EmployeeName, survey.Anonymous ? "" : groupOf[a.ResponseId].Label))
                .OrderBy(x => x.Group, StringComparer.Ordinal).ToList();
            results.Add(new SurveyQuestionResult(q.Id, q.Ord, q.Kind, q.Text, q.Options, all, groups, texts));
        }

        return new SurveyResults(survey.Id, survey.Title, survey.Anonymous, grouping, survey.Invited, survey.Answered, MinGroup, results);
    }

    /// <summary>The group of each sheet; an anonymous survey's groups below the minimum fold into one "other" group.</summary>
    private Dictionary<Guid, Group> GroupsOf(IEnumerable<Sheet> sheets, string grouping, bool anonymous)
    {
        var natural = sheets.ToDictionary(s => s.Id, s => grouping == "position"
            ? new Group(s.PositionId, s.PositionName ?? t["needs.survey_no_position"])
            : new Group(s.OrgUnitId, s.UnitName));
        if (!anonymous)
        {
            return natural;
        }

        var sizes = natural.Values.GroupBy(g => g).ToDictionary(g => g.Key, g => g.Count());
        var other = new Group(null, t["needs.survey_small_groups", MinGroup]);
        return natural.ToDictionary(p => p.Key, p => sizes[p.Value] < MinGroup ? other : p.Value);
    }

    private static SurveyGroupResult Summarise(Guid? groupId, string label, SurveyQuestionDto q, List<Answer> answers, int sheets)
    {
        var options = new int[q.Options.Count];
        foreach (var choice in answers.SelectMany(a => a.Choices).Where(c => c >= 0 && c < options.Length))
        {
            options[choice]++;
        }

        var scale = new int[SurveyHandler.ScaleMax];
        var values = answers.Where(a => a.Scale is >= 1 and <= SurveyHandler.ScaleMax).Select(a => a.Scale!.Value).ToList();
        foreach (var value in values)
        {
            scale[value - 1]++;
        }

        return new SurveyGroupResult(groupId, label, sheets, options, values.Count == 0 ? null : values.Average(), q.Kind == "scale" ? scale : []);
    }

    private sealed record Group(Guid? Id, string Label);

    private sealed class Sheet
    {
        public Guid Id { get; init; }
        public Guid OrgUnitId { get; init; }
        public string UnitName { get; init; } = "";
        public Guid? PositionId { get; init; }
        public string? PositionName { get; init; }
        public string? EmployeeName { get; init; }
    }

    private sealed class Answer
    {
        public Guid ResponseId { get; init; }
        public Guid QuestionId { get; init; }
        public int[] Choices { get; init; } = [];
        public int? Scale { get; init; }
        public string? Text { get; init; }
    }
}
