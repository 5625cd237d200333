using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Reports;

[Authorize(Policy = Permissions.TrainingRead)]
internal sealed class IndexModel(AttendanceReport report, IOrganizationDirectory organization, TimeProvider clock) : SkillgatePage
{
    /// <summary>The units the monthly report can be made for (those the reader sees), and last month as the default.</summary>
    public IReadOnlyList<OrgUnitDto> Units { get; private set; } = [];

    public string LastMonth { get; private set; } = "";

    [BindProperty(SupportsGet = true)]
    public string Group { get; set; } = "department";

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    public IReadOnlyList<AttendanceRateRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Rows = await report.RatesAsync(AttendanceReport.Groups.Contains(Group) ? Group : "department", From, To, ct);
        Units = await organization.VisibleTreeAsync(false, ct);
        LastMonth = MonthlyReport.Label(MonthlyReport.MonthOf(DateOnly.FromDateTime(clock.GetLocalNow().DateTime)).AddMonths(-1));
    }
}
