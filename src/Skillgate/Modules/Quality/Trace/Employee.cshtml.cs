using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Quality.Trace;

[Authorize(Policy = Permissions.QualityRead)]
internal sealed class EmployeeModel(TraceQueries traces, IOrganizationDirectory organization, TimeProvider clock, Texts t) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public Guid? EmployeeId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? EmployeeNo { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    public EmployeeTrace? Trace { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        To ??= today;
        From ??= To.Value.AddMonths(-3);
        return await Attempt(async () =>
        {
            var id = EmployeeId;
            if (id is null && !string.IsNullOrWhiteSpace(EmployeeNo))
            {
                id = await organization.IdAsync("employeeNo", EmployeeNo, t, ct);
            }

            if (id is not null)
            {
                Trace = await traces.EmployeeAsync(id.Value, From.Value, To.Value, ct);
                EmployeeNo = Trace.EmployeeNo;
            }

            return Page();
        }, () => Task.FromResult<IActionResult>(Page()));
    }
}
