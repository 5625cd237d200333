using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Files;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Quality.Checks;

/// <summary>The check on a tablet: one big pass/fail choice per item, a comment and a photo from the tablet's camera.</summary>
[Authorize(Policy = Permissions.Supervise)]
internal sealed class PerformModel(CheckHandler checks, FileStore files, QualityDb db, Texts t) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public Guid ChecklistId { get; set; }

    public ChecklistDto Checklist { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => PageOr404Async(() => LoadAsync(ct));

    public async Task<IActionResult> OnPostAsync(string? employeeNo, string? batch, string? comment, bool raiseNeed, CancellationToken ct)
    {
        await LoadAsync(ct);
        return await Attempt(async () =>
        {
            var answers = Enumerable.Range(0, Checklist.Items.Count).Select(i => Request.Form[$"pass{i}"].ToString() switch { "true" => true, "false" => (bool?)false, _ => null }).ToList();
            var unanswered = new Validation();
            for (var i = 0; i < answers.Count; i++)
            {
                if (answers[i] is null)
                {
                    unanswered.Add($"items[{i}]", t["checks.item_unanswered", i + 1]);
                }
            }

            unanswered.ThrowIfInvalid();
            var items = new List<CheckItemInput>();
            for (var i = 0; i < Checklist.Items.Count; i++)
            {
                var photo = Request.Form.Files.GetFile($"photo{i}");
                Guid? photoId = null;
                if (photo is { Length: > 0 })
                {
                    await using var stream = photo.OpenReadStream();
                    photoId = (await files.SaveAsync(stream, photo.FileName, photo.Length, FileKinds.Images, ct, 10L * 1024 * 1024)).Id;
                }

                items.Add(new CheckItemInput(answers[i], Request.Form[$"comment{i}"], photoId));
            }

            await db.SaveChangesAsync(ct);
            var check = await checks.PerformAsync(new CheckInput(ChecklistId, employeeNo, batch, items, comment, raiseNeed), ct);
            Flash(check.Passed ? t["checks.recorded_passed", check.EmployeeName] : t["checks.recorded_failed", check.EmployeeName]);
            return Redirect("/Quality/Checks");
        }, () => Task.FromResult<IActionResult>(Page()));
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Checklist = (await checks.ChecklistsAsync(false, ct)).FirstOrDefault(c => c.Id == ChecklistId) ?? throw new NotFoundException(t["checks.unknown"]);
}
