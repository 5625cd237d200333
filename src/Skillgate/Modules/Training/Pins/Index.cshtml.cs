using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Pins;

/// <summary>HR sets the kiosk PIN of a contractor, temporary or agency worker, who has no login to set it themselves.</summary>
[Authorize(Policy = Permissions.TrainingWrite)]
internal sealed class IndexModel(Faces.PinHandler pins, IOrganizationDirectory organization, Texts t) : SkillgatePage
{
    [BindProperty]
    public string? EmployeeNo { get; set; }

    public void OnGet()
    {
    }

    public Task<IActionResult> OnPostAsync(string? pin, CancellationToken ct) => Attempt(async () =>
    {
        var employee = await organization.IdAsync("employeeNo", EmployeeNo, t, ct);
        await pins.SetForAsync(employee, new PinInput(pin), ct);
        Flash(t["pins.saved", EmployeeNo!.Trim()]);
        return Redirect("/Training/Pins");
    }, () => Task.FromResult<IActionResult>(Page()));
}
