using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Health;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Admin.Health;

/// <summary>The administrator's view of the parts Skillgate depends on (database, face counter …), with a check on demand.</summary>
[Authorize(Policy = Permissions.UsersWrite)]
internal sealed class IndexModel(IEnumerable<IHealthReporter> reporters) : SkillgatePage
{
    public IReadOnlyList<HealthItem> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Items = await ReportAsync(false, ct);

    public async Task OnPostAsync(CancellationToken ct) => Items = await ReportAsync(true, ct);

    private async Task<IReadOnlyList<HealthItem>> ReportAsync(bool probe, CancellationToken ct)
    {
        var items = new List<HealthItem>();
        foreach (var reporter in reporters)
        {
            items.Add(await reporter.ReportAsync(probe, ct));
        }

        return items;
    }
}
