using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Modules.Quality.Ingestion;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Quality.Data;

[Authorize(Policy = Permissions.QualityRead)]
[RequestSizeLimit(QualityFile.MaxBytes + UploadLimit.Framing)]
[RequestFormLimits(MultipartBodyLengthLimit = QualityFile.MaxBytes + UploadLimit.Framing)]
internal sealed class IndexModel(RecordQueries records, QualityFile files, Texts t) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public string Kind { get; set; } = "operations";

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public Page<QualityRecordRow> Result { get; private set; } = new([], 0, 1, 50);

    public bool CanWrite { get; private set; }

    public PagerModel Pager => new(Result.PageNumber, Result.PageCount, Result.Total,
        p => $"/Quality/Data?kind={Kind}&q={Uri.EscapeDataString(Q ?? "")}&page={p}", Result.TotalIsLowerBound);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostUploadAsync(string uploadKind, IFormFile? file, CancellationToken ct)
    {
        if (!await CanAsync(Permissions.QualityWrite))
        {
            return Forbid();
        }

        return await Attempt(async () =>
        {
            if (file is null)
            {
                new Validation().Add("file", t["validation.required"]).ThrowIfInvalid();
            }

            await using var stream = file!.OpenReadStream();
            var result = await files.ImportAsync(uploadKind, stream, file.Length, file.FileName, ct);
            Flash(string.Join(" ", (result.Warnings ?? []).Prepend(t["quality.imported", result.Received, result.Stored, result.Duplicates].Value)));
            return Redirect($"/Quality/Data?kind={uploadKind}");
        }, async () =>
        {
            Kind = uploadKind;
            await LoadAsync(ct);
            return Page();
        });
    }

    public IActionResult OnGetTemplate(string kind) =>
        QualityFile.Fields.ContainsKey(kind) ? File(files.Template(kind), Skillgate.Platform.Excel.XlsxFile.ContentType, $"skillgate-{kind}.xlsx") : NotFound();

    private async Task LoadAsync(CancellationToken ct)
    {
        Kind = QualityFile.Fields.ContainsKey(Kind) ? Kind : "operations";
        CanWrite = await CanAsync(Permissions.QualityWrite);
        Result = await records.ListAsync(Kind, Q, PageNumber, 50, ct);
    }
}
