using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Quality.Trace;

[Authorize(Policy = Permissions.QualityRead)]
internal sealed class IndexModel(TraceQueries traces, TraceExport export) : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public string? Batch { get; set; }

    public BatchTrace? Trace { get; private set; }

    public bool NotFoundBatch { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Batch))
        {
            return;
        }

        try
        {
            Trace = await traces.BatchAsync(Batch, ct);
        }
        catch (NotFoundException)
        {
            NotFoundBatch = true;
        }
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        try
        {
            return File(export.Batch(await traces.BatchAsync(Batch ?? "", ct)), Skillgate.Platform.Excel.XlsxFile.ContentType, $"trace-{Batch}.xlsx");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }
}
