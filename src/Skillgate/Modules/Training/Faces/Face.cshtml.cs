using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Faces;

/// <summary>My face and kiosk PIN: enrol the face from the camera with consent, delete it, set the PIN; HR deletes a template on request.</summary>
[Authorize(Policy = Permissions.LearnSelf)]
internal sealed class FaceModel(FaceHandler faces, PinHandler pins, IOrganizationDirectory directory, CurrentUser me, Texts t) : SkillgatePage
{
    public FaceStatusDto? Status { get; private set; }

    public bool CanDeleteOthers { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostEnrolAsync(bool consent, string? face, CancellationToken ct) =>
        ChangeAsync(Permissions.LearnSelf, () => faces.EnrolAsync(new FaceEnrolInput(consent, FaceCapture.Parse(face)), ct), "/Training/Face", () => LoadAsync(ct));

    public Task<IActionResult> OnPostDeleteAsync(CancellationToken ct) =>
        ChangeAsync(Permissions.LearnSelf, () => faces.DeleteAsync(me.EmployeeId ?? Guid.Empty, ct), "/Training/Face", () => LoadAsync(ct));

    public Task<IActionResult> OnPostPinAsync(string? pin, CancellationToken ct) =>
        ChangeAsync(Permissions.LearnSelf, () => pins.SetAsync(new PinInput(pin), ct), "/Training/Face", () => LoadAsync(ct));

    public Task<IActionResult> OnPostDeleteForAsync(string? employeeNo, CancellationToken ct) =>
        ChangeAsync(Permissions.FaceDelete, async () => await faces.DeleteAsync(await directory.IdAsync("employeeNo", employeeNo, t, ct), ct), "/Training/Face", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        Status = me.EmployeeId is { } id ? await faces.StatusAsync(id, ct) : null;
        CanDeleteOthers = await CanAsync(Permissions.FaceDelete);
    }
}
