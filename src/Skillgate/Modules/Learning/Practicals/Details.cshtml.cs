using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Files;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Practicals;

/// <summary>The evaluator's tablet page: the steps in order, evidence photos, and the signed sign-off.</summary>
[Authorize(Policy = Permissions.Evaluate)]
internal sealed class DetailsModel(PracticalHandler practicals, FileStore files, LearningDb db) : SkillgatePage
{
    public PracticalDto Practical { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => PageOr404Async(async () => Practical = await practicals.GetAsync(id, ct));

    public Task<IActionResult> OnPostAsync(Guid id, string step, string? note, string? password, string? meaning, List<IFormFile>? photos, CancellationToken ct) =>
        ChangeAsync(Permissions.Evaluate, async () =>
        {
            var evidence = new List<Guid>();
            foreach (var photo in photos ?? [])
            {
                await using var stream = photo.OpenReadStream();
                evidence.Add((await files.SaveAsync(stream, photo.FileName, photo.Length, FileKinds.Images, ct)).Id);
            }

            if (evidence.Count > 0)
            {
                await db.SaveChangesAsync(ct);
            }

            await practicals.StepAsync(id, new PracticalStepInput(step, evidence, note, password, meaning), ct);
        }, $"/Learning/Practicals/Details?id={id}", async () => Practical = await practicals.GetAsync(id, ct));
}
