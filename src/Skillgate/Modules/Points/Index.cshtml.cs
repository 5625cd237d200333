using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Modules.Points.Ledger;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Points;

/// <summary>My points on the phone: balance, this month's earning and rank in my unit, the shares by category, and my history.</summary>
[Authorize(Policy = Permissions.PointsSelf)]
internal sealed class IndexModel(AccountQueries accounts, CurrentUser me, Texts texts) : SkillgatePage
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [BindProperty(SupportsGet = true)]
    public string? Category { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public PointsAccountDto? Account { get; private set; }

    public string Chart { get; private set; } = "";

    public PagerModel Pager => new(Account!.Page, (int)Math.Max(1, (Account.Total + Account.PageSize - 1) / Account.PageSize), Account.Total,
        p => $"/Points?category={Uri.EscapeDataString(Category ?? "")}&page={p}");

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (me.EmployeeId is null)
        {
            return;
        }

        Account = await accounts.MineAsync(Category, PageNumber, 20, ct);
        Chart = CategoryChart(Account.ByCategory, texts);
    }

    /// <summary>A doughnut of points by category (participation, results, growth).</summary>
    public static string CategoryChart(IReadOnlyList<CategoryPoints> shares, Texts texts) => JsonSerializer.Serialize(new
    {
        animation = false,
        tooltip = new { trigger = "item", formatter = "{b}: {c} ({d}%)" },
        legend = new { bottom = 0 },
        series = new object[]
        {
            new
            {
                type = "pie", radius = new[] { "45%", "70%" },
                data = shares.Where(s => s.Points > 0).Select(s => new { name = texts[PointsVocabularies.Category, s.Category].Value, value = s.Points }).ToArray(),
            },
        },
    }, Json);
}
