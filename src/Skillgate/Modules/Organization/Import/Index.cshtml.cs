using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Organization.Import;

[Authorize(Policy = Permissions.Import)]
[RequestSizeLimit(ImportLimits.MaxFileBytes + UploadLimit.Framing)]
[RequestFormLimits(MultipartBodyLengthLimit = ImportLimits.MaxFileBytes + UploadLimit.Framing)]
internal sealed class IndexModel(ImportHandler imports, ImportRunner runner, CurrentUser me, DataScope scope) : SkillgatePage
{
    public ImportJobDto? Job { get; private set; }

    public async Task OnGetAsync(Guid? job, CancellationToken ct)
    {
        if (job is { } id)
        {
            Job = await imports.GetAsync(id, me.UserId!.Value, ct);
        }
    }

    public async Task<IActionResult> OnGetJobAsync(Guid id, CancellationToken ct)
    {
        var job = await imports.GetAsync(id, me.UserId!.Value, ct);
        return job is null ? NotFound() : Partial("_Job", job);
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct) => await Attempt(async () =>
    {
        if (file is null)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["file"] = [HttpContext.RequestServices.GetRequiredService<Platform.Localization.Texts>()["validation.required"]] });
        }

        var job = await ImportEndpoints.QueueAndStartAsync(file, imports, runner, me, scope, ct);
        return Redirect($"/Organization/Import?job={job.Id}");
    }, () => Task.FromResult<IActionResult>(Page()));
}
