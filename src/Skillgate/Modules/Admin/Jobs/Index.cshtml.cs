using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Admin.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Admin.Jobs;

/// <summary>The administrator's view of the background jobs: each with its newest run and next run, the failures below, a run on demand.</summary>
[Authorize(Policy = Permissions.UsersWrite)]
internal sealed class IndexModel(JobQueries queries) : SkillgatePage
{
    private const int PageSize = 20;

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true)]
    public string? Job { get; set; }

    public IReadOnlyList<JobDto> Jobs { get; private set; } = [];

    public Page<JobFailureDto> Failures { get; private set; } = new([], 0, 1, PageSize);

    public JobDto? JustRun { get; private set; }

    public PagerModel Pager => new(Failures.PageNumber, Failures.PageCount, Failures.Total,
        p => $"/Admin/Jobs?job={Uri.EscapeDataString(Job ?? "")}&page={p.ToString(CultureInfo.InvariantCulture)}");

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostRunAsync(string name, CancellationToken ct)
    {
        if (!(await queries.ListAsync(ct)).Any(j => j.Name == name))
        {
            return NotFound();
        }

        JustRun = await queries.RunAsync(name, ct);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Jobs = await queries.ListAsync(ct);
        Job = string.IsNullOrWhiteSpace(Job) ? null : Job.Trim();
        Failures = await queries.FailuresAsync(Job, PageRequest.Of(PageNumber, PageSize), ct);
    }
}
