using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Modules.Points.Ledger;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Points.Store;

/// <summary>The store on the phone: what my unit is offered, my balance, redeeming with a confirmation, and my requests' status.</summary>
[Authorize(Policy = Permissions.PointsSelf)]
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(PointsModule.StoreQueue)]
internal sealed class IndexModel(StoreHandler store, AccountQueries accounts, CurrentUser me) : SkillgatePage
{
    public IReadOnlyList<StoreItemDto> Items { get; private set; } = [];

    public IReadOnlyList<RedemptionDto> Mine { get; private set; } = [];

    public int? Balance { get; private set; }

    public bool CanKeep { get; private set; }

    public bool CanApprove { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostAsync(Guid item, CancellationToken ct) =>
        ChangeAsync(Permissions.PointsSelf, async () => await store.RedeemAsync(item, ct), "/Points/Store", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        Items = await store.ItemsAsync(false, ct);
        Mine = await store.MineAsync(ct);
        Balance = me.EmployeeId is null ? null : (await accounts.MineAsync(null, 1, 1, ct)).Balance;
        CanKeep = await CanAsync(Permissions.PointsConfigure);
        CanApprove = await CanAsync(Permissions.PointsApprove);
    }
}
