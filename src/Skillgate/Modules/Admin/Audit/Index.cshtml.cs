using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Admin.Audit;

[Authorize(Policy = Permissions.AuditRead)]
internal sealed class IndexModel(AuditHistory history, ReadableHistory readable, NpgsqlDataSource dataSource, CheckpointLog log, IConfiguration configuration) : SkillgatePage
{
    private const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? EntityType { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<HistoryRow> Rows { get; private set; } = [];

    public long Total { get; private set; }

    public bool TotalIsLowerBound { get; private set; }

    public AuditVerifier.Result? Verification { get; private set; }

    public PagerModel Pager => new(PageNumber, (int)Math.Max(1, (Total + PageSize - 1) / PageSize), Total,
        p => $"/Admin/Audit?entityType={Uri.EscapeDataString(EntityType ?? "")}&actor={Uri.EscapeDataString(Actor ?? "")}&page={p.ToString(CultureInfo.InvariantCulture)}",
        TotalIsLowerBound);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        Verification = await AuditVerifier.VerifyAsync(dataSource, log, AuditVerifier.UnchainedLimit(configuration), ct);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        PageNumber = Math.Max(1, PageNumber);
        var (entries, total, lowerBound) = await history.PageAsync(string.IsNullOrWhiteSpace(EntityType) ? null : EntityType.Trim(), string.IsNullOrWhiteSpace(Actor) ? null : Actor.Trim(), PageNumber, PageSize, ct);
        Rows = await readable.ReadAsync(entries, ct);
        Total = total;
        TotalIsLowerBound = lowerBound;
    }
}
