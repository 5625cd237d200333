using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Files;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Points.Notes;

/// <summary>Learning notes on the phone: write one (text and photos) or change a returned one, see mine, and read and like a course's approved notes.</summary>
[Authorize(Policy = Permissions.PointsSelf)]
internal sealed class IndexModel(NoteHandler notes, FileStore files, PlatformDb db, Texts t) : SkillgatePage
{
    [BindProperty(SupportsGet = true, Name = "course")]
    public Guid? CourseId { get; set; }

    [BindProperty(SupportsGet = true, Name = "edit")]
    public Guid? EditId { get; set; }

    [BindProperty]
    public string? Body { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<NoteDto> Mine { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Code, string Title)> Courses { get; private set; } = [];

    public Page<NoteDto>? Feed { get; private set; }

    public PagerModel Pager => new(Feed!.PageNumber, Feed.PageCount, Feed.Total, p => $"/Points/Notes?course={CourseId}&page={p}");

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (EditId is { } id && Mine.FirstOrDefault(n => n.Id == id && n.Status != "approved") is { } editing)
        {
            Body = editing.Body;
            CourseId = editing.CourseId;
        }
    }

    public Task<IActionResult> OnPostAsync(List<IFormFile>? photos, CancellationToken ct) =>
        ChangeAsync(Permissions.PointsSelf, async () =>
        {
            var kept = EditId is { } id ? (await notes.GetAsync(id, ct)).PhotoFileIds : [];
            var stored = await StorePhotosAsync(photos, kept.Count, ct);
            var input = new NoteInput(CourseId, Body, [.. kept, .. stored]);
            if (EditId is { } editing)
            {
                await notes.EditAsync(editing, input, ct);
            }
            else
            {
                await notes.PostAsync(input, ct);
            }
        }, "/Points/Notes", () => LoadAsync(ct));

    public Task<IActionResult> OnPostLikeAsync(Guid id, bool like, CancellationToken ct) =>
        ChangeAsync(Permissions.PointsSelf, () => notes.LikeAsync(id, like, ct), $"/Points/Notes?course={CourseId}&page={PageNumber}", () => LoadAsync(ct));

    private async Task<List<Guid>> StorePhotosAsync(List<IFormFile>? photos, int kept, CancellationToken ct)
    {
        var uploads = (photos ?? []).Where(p => p.Length > 0).ToList();
        if (kept + uploads.Count > NoteHandler.MaxPhotos)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["photoFileIds"] = [t["points.evidence_count", NoteHandler.MaxPhotos]] });
        }

        var stored = new List<Guid>();
        foreach (var photo in uploads)
        {
            await using var stream = photo.OpenReadStream();
            stored.Add((await files.SaveAsync(stream, photo.FileName, photo.Length, FileKinds.Images, ct, NotePhotos.MaxBytes)).Id);
        }

        if (stored.Count > 0)
        {
            await db.SaveChangesAsync(ct);
        }

        return stored;
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Mine = await notes.MineAsync(ct);
        Courses = await notes.CoursesAsync(ct);
        Feed = CourseId is { } course ? await notes.ForCourseAsync(course, PageNumber, 10, ct) : null;
    }
}
