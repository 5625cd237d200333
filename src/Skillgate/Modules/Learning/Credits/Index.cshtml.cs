using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Files;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Credits;

/// <summary>
/// Continuing-education credits: my year (courses and approved external credits, per category), recording an external credit
/// with its certificate on the phone, and — for HR — the external credits waiting for a decision.
/// </summary>
[Authorize(Policy = Permissions.LearnSelf)]
internal sealed class IndexModel(CreditHandler credits, FileStore files, PlatformDb db, CurrentUser me, Texts t, TimeProvider clock) : SkillgatePage
{
    [FromQuery(Name = "year")]
    public int? Year { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public int ThisYear => clock.GetUtcNow().Year;

    public int ShownYear => Year ?? ThisYear;

    public CreditYearDto? MyYear { get; private set; }

    public IReadOnlyList<ExternalCreditDto> Mine { get; private set; } = [];

    public Page<ExternalCreditDto>? Waiting { get; private set; }

    public PagerModel Pager => new(Waiting!.PageNumber, Waiting.PageCount, Waiting.Total, p => $"/Learning/Credits?page={p}");

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostAsync(
        string? title, string? provider, string? category, decimal? amount, DateOnly? earnedOn, IFormFile? certificate, CancellationToken ct) =>
        ChangeAsync(Permissions.LearnSelf, async () =>
        {
            var missing = new Dictionary<string, string[]>();
            if (amount is null)
            {
                missing["credits"] = [t["validation.required"]];
            }

            if (earnedOn is null)
            {
                missing["earnedOn"] = [t["validation.required"]];
            }

            if (missing.Count > 0)
            {
                throw new ValidationFailedException(missing);
            }

            await credits.SubmitWithCertificateAsync(title, provider, category, amount!.Value, earnedOn!.Value, certificate, files, db, ct);
        }, "/Learning/Credits", () => LoadAsync(ct));

    public Task<IActionResult> OnPostDecideAsync(Guid id, string? decision, string? note, CancellationToken ct) =>
        ChangeAsync(Permissions.CreditsApprove, async () => await credits.DecideAsync(id, new ExternalCreditDecision(decision ?? "", note), ct), "/Learning/Credits", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        if (me.EmployeeId is not null)
        {
            MyYear = await credits.YearAsync(null, ShownYear, ct);
            Mine = await credits.MineAsync(ct);
        }

        Waiting = await CanAsync(Permissions.CreditsApprove) ? await credits.ListAsync("submitted", PageNumber, 20, ct) : null;
    }
}
