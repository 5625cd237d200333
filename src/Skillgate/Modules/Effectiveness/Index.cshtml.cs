using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Effectiveness.Contracts;
using Skillgate.Modules.Effectiveness.Evaluations;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Effectiveness;

[Authorize(Policy = Permissions.EffectivenessRead)]
internal sealed class IndexModel(EvaluationHandler evaluations, EvaluationChoices choices, TimeProvider clock) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public NewEvaluation Input { get; set; } = new();

    public Page<EvaluationSummary> Result { get; private set; } = new([], 0, 1, 25);

    public bool CanCreate { get; private set; }

    public IReadOnlyList<(Guid Id, string Label)> Courses { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Label)> Units { get; private set; } = [];

    public PagerModel Pager => new(Result.PageNumber, Result.PageCount, Result.Total, p => $"/Effectiveness?q={Uri.EscapeDataString(Q ?? "")}&page={p}");

    public async Task OnGetAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Input = new NewEvaluation { From = today.AddMonths(-6), To = today };
        await LoadAsync(ct);
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        Attempt(async () =>
        {
            if (!await CanAsync(Permissions.EffectivenessWrite))
            {
                return Forbid();
            }

            var created = await evaluations.CreateAsync(Input.ToInput(), ct);
            return Redirect($"/Effectiveness/Details?id={created.Id}");
        }, async () =>
        {
            await LoadAsync(ct);
            return Page();
        });

    private async Task LoadAsync(CancellationToken ct)
    {
        CanCreate = await CanAsync(Permissions.EffectivenessWrite);
        Result = await evaluations.ListAsync(null, Q, PageNumber, 25, ct);
        if (CanCreate)
        {
            Courses = await choices.CoursesAsync(ct);
            Units = await choices.UnitsAsync(ct);
        }
    }

    internal sealed class NewEvaluation
    {
        public Guid CourseId { get; set; }

        public Guid? OrgUnitId { get; set; }

        public DateOnly From { get; set; }

        public DateOnly To { get; set; }

        public string PeriodKind { get; set; } = "week";

        public string Outcome { get; set; } = "defect_rate";

        public string? Title { get; set; }

        public int? MinimumTreated { get; set; }

        public double? WorthDetectingPercent { get; set; }

        public int? HorizonMonths { get; set; }

        public string Within { get; set; } = "operation";

        public EvaluationInput ToInput() => new(
            CourseId, From, To, OrgUnitId, PeriodKind, Outcome, Title: Title,
            Settings: new EvaluationSettings(MinimumTreated: MinimumTreated, WorthDetecting: WorthDetectingPercent / 100, HorizonMonths: HorizonMonths, Within: Within));
    }
}
