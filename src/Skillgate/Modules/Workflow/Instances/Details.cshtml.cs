using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Files;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Workflow.Instances;

[Authorize(Policy = Permissions.WorkflowRead)]
internal sealed class DetailsModel(InstanceReader reader, InstanceHandler instances, ReferenceOptions references, FileStore files, PlatformDb db, Texts t) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public Dictionary<string, string?> Form { get; private set; } = new(StringComparer.Ordinal);

    public InstanceDto Instance { get; private set; } = null!;

    public TaskDto? OpenTask { get; private set; }

    public StepDef? OpenStep { get; private set; }

    public FieldsView? Fields { get; private set; }

    public string StepName(string key) =>
        Instance.Steps.FirstOrDefault(s => s.Key == key) is { } s ? (Texts.IsChinese ? s.NameZh : s.NameEn) : key;

    /// <summary>Names of the courses, operations, needs and plans the steps' forms refer to, by id.</summary>
    public IReadOnlyDictionary<string, string> ReferenceNames { get; private set; } = new Dictionary<string, string>();

    /// <summary>An entered value as a reader sees it: the referenced record's name, a choice's label, a date in the reader's format.</summary>
    public string? Shown(FieldDef? field, string? value) => field?.Type switch
    {
        _ when value is null => null,
        "operation" or "course" or "need" or "plan" => ReferenceNames.TryGetValue(value, out var name) ? name : t["history.unknown_record"],
        "choice" => t[WorkflowVocabularies.FieldOption, value] is { ResourceNotFound: false } label ? label.Value : value,
        "date" when DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day) =>
            Platform.Audit.ReadableHistory.Day(day),
        _ => value,
    };

    public FieldDef? Field(string stepKey, string fieldKey) => Instance.Steps.FirstOrDefault(s => s.Key == stepKey)?.Form.FirstOrDefault(f => f.Key == fieldKey);

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => PageOr404Async(() => LoadAsync(ct));

    public Task<IActionResult> OnPostCompleteAsync(Guid taskId, string? outcome, string? comment, string? returnTo, string? password, string? meaning, CancellationToken ct) =>
        ActAsync(async () =>
        {
            Form = Uploads.Fields(Request);
            await LoadAsync(ct);
            // Refused before any file is stored; the handler checks both again under its locks.
            if (OpenTask?.Id != taskId)
            {
                throw new RuleViolationException("task_closed", t["workflow.task_closed"]);
            }

            if (!Instance.CanAct)
            {
                throw new ForbiddenException("not_responsible", t["workflow.not_responsible"]);
            }

            if (OpenStep is not null)
            {
                await Uploads.SaveAsync(Request, OpenStep.Form, Form, files, db, ct);
            }

            await instances.CompleteAsync(Id, taskId, new CompleteInput(outcome, Form, comment, returnTo, password, meaning), ct);
        }, ct);

    public Task<IActionResult> OnPostClaimAsync(Guid taskId, CancellationToken ct) => ActAsync(() => instances.ClaimAsync(Id, taskId, ct), ct);

    public Task<IActionResult> OnPostNoteAsync(string? text, CancellationToken ct) =>
        ActAsync(async () =>
        {
            await LoadAsync(ct);
            new Validation().Require("text", text, t["validation.required"]).ThrowIfInvalid();
            Guid? fileId = null;
            if (Request.Form.Files.GetFile("noteFile") is { Length: > 0 } upload)
            {
                await using var stream = upload.OpenReadStream();
                fileId = (await files.SaveAsync(stream, upload.FileName, upload.Length, FileKinds.Documents, ct)).Id;
                await db.SaveChangesAsync(ct);
            }

            await instances.AddNoteAsync(Id, new NoteInput(text, fileId), ct);
        }, ct);

    private async Task<IActionResult> ActAsync(Func<Task> change, CancellationToken ct)
    {
        try
        {
            return await Attempt(async () =>
            {
                await change();
                Flash(t["action.saved"]);
                return Redirect($"/Workflow/Instances/Details?id={Id}");
            }, async () =>
            {
                await LoadAsync(ct);
                return Page();
            });
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Instance = await reader.GetAsync(Id, ct);
        OpenTask = Instance.Tasks.FirstOrDefault(x => x.Status == "open");
        OpenStep = OpenTask is null ? null : Instance.Steps.FirstOrDefault(s => s.Key == OpenTask.StepKey);
        Fields = OpenStep is null ? null : new FieldsView("task", OpenStep.Form, Form, await references.ForAsync(OpenStep.Form, ct), t, Enforce: false);
        ReferenceNames = await references.NamesAsync(
            Instance.Tasks.SelectMany(x => x.Form.Select(f => (Field(x.StepKey, f.Key)?.Type ?? "", f.Value))), ct);
    }
}
