using Dapper;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Skillgate.Modules.Needs.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Needs.Surveys;

/// <summary>A survey's results: how many answered, each question as bars overall and per unit or post, the written answers, and an option made into a need.</summary>
[Authorize(Policy = Permissions.NeedsRead)]
internal sealed class ResultsModel(SurveyHandler surveys, SurveyResultsReader reader, SurveyNeeds needs, NpgsqlDataSource dataSource, TimeProvider clock, Texts t) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? By { get; set; }

    public SurveyDto Survey { get; private set; } = null!;

    public SurveyResults Results { get; private set; } = null!;

    public bool CanWrite { get; private set; }

    public IReadOnlyList<(Guid Id, string Title)> Courses { get; private set; } = [];

    public DateOnly DefaultDue => DateOnly.FromDateTime(clock.GetLocalNow().DateTime).AddDays(60);

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => PageOr404Async(() => LoadAsync(ct));

    public async Task<IActionResult> OnPostCloseAsync(int version, CancellationToken ct) =>
        await ChangeAsync(Permissions.Surveys, () => surveys.CloseAsync(Id, version, ct), $"/Needs/Surveys/Results?id={Id}", () => LoadAsync(ct));

    public async Task<IActionResult> OnPostNeedAsync(Guid questionId, int option, Guid? orgUnitId, Guid? courseId, string priority, DateOnly dueOn, CancellationToken ct)
    {
        if (!await CanAsync(Permissions.Surveys))
        {
            return Forbid();
        }

        return await Attempt(async () =>
        {
            var need = await needs.ToNeedAsync(Id, new SurveyNeedInput(questionId, option, orgUnitId, courseId, priority, dueOn), ct);
            Flash(t["surveys.need_created"]);
            return Redirect($"/Needs/Details?id={need}");
        }, async () =>
        {
            await LoadAsync(ct);
            return Page();
        });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Survey = await surveys.GetAsync(Id, ct);
        Results = await reader.ResultsAsync(Survey, By, ct);
        CanWrite = await CanAsync(Permissions.Surveys);
        if (CanWrite)
        {
            await using var connection = await dataSource.OpenScopedAsync(ct);
            Courses = [.. await connection.QueryAsync<(Guid, string)>(new CommandDefinition(
                "SELECT id, code || ' ' || title FROM learning.course_v WHERE status = 'published' ORDER BY code LIMIT 500", cancellationToken: ct))];
        }
    }
}
