using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Modules.Points.Ledger;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Points;

/// <summary>A person's points for a reader in scope, and HR's correction with a reason.</summary>
[Authorize(Policy = Permissions.PointsRead)]
internal sealed class PersonModel(AccountQueries accounts, CorrectionHandler corrections, Texts texts) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Category { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public int? CorrectionPoints { get; set; }

    [BindProperty]
    public string? CorrectionCategory { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public PointsAccountDto Account { get; private set; } = null!;

    public string Chart { get; private set; } = "";

    public bool CanCorrect { get; private set; }

    public PagerModel Pager => new(Account.Page, (int)Math.Max(1, (Account.Total + Account.PageSize - 1) / Account.PageSize), Account.Total,
        p => $"/Points/Person?id={Id}&category={Uri.EscapeDataString(Category ?? "")}&page={p}");

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => PageOr404Async(() => LoadAsync(ct));

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        ChangeAsync(Permissions.PointsCorrect, async () => await corrections.CorrectAsync(new PointsCorrectionInput(Id, CorrectionPoints, CorrectionCategory, Reason), ct),
            $"/Points/Person?id={Id}", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        Account = await accounts.ForAsync(Id, Category, PageNumber, 20, ct);
        Chart = IndexModel.CategoryChart(Account.ByCategory, texts);
        CanCorrect = await CanAsync(Permissions.PointsCorrect);
    }
}
