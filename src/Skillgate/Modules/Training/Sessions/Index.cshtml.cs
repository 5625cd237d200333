using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Modules.Training.Rooms;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Training.Sessions;

/// <summary>Sessions from a week on, and scheduling with the double bookings shown before saving.</summary>
[Authorize(Policy = Permissions.TrainingRead)]
internal sealed class IndexModel(
    SessionQueries sessions, SessionHandler handler, RoomHandler rooms, IOrganizationDirectory organization, Npgsql.NpgsqlDataSource dataSource, TimeProvider clock, Texts t)
    : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public Page<SessionSummary> Result { get; private set; } = new([], 0, 1, 25);

    public bool CanWrite { get; private set; }

    public IReadOnlyList<RoomDto> Rooms { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Label)> Courses { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Name)> Instructors { get; private set; } = [];

    public IReadOnlyList<OrgUnitDto> Units { get; private set; } = [];

    public IReadOnlyList<ConflictDto> Conflicts { get; private set; } = [];

    public PagerModel Pager => new(Result.PageNumber, Result.PageCount, Result.Total, p => $"/Training/Sessions?q={Uri.EscapeDataString(Q ?? "")}&page={p}");

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(
        Guid courseId, string? title, Guid? roomId, DateTime startsAt, DateTime endsAt, int capacity, Guid[] instructorIds, string? employeeNos, Guid? orgUnitId,
        string? overrideReason, CancellationToken ct)
    {
        if (!await CanAsync(Permissions.TrainingWrite))
        {
            return Forbid();
        }

        return await Attempt(async () =>
        {
            var employees = await organization.IdsAsync("employeeNos", employeeNos, t, ct);
            try
            {
                var created = await handler.CreateAsync(new SessionInput(courseId, title, roomId, Local(startsAt), Local(endsAt), capacity, instructorIds, employees, null, orgUnitId, overrideReason), ct);
                Flash(t["action.saved"]);
                return Redirect($"/Training/Sessions/Details?id={created.Id}");
            }
            catch (RuleViolationException e) when (e.Details?.GetValueOrDefault("conflicts") is IReadOnlyList<ConflictDto> found)
            {
                Conflicts = found;
                throw;
            }
        }, async () =>
        {
            await LoadAsync(ct);
            return Page();
        });
    }

    /// <summary>Form times are the plant's local wall-clock time.</summary>
    private static DateTimeOffset Local(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Local));

    private async Task LoadAsync(CancellationToken ct)
    {
        var weekStart = clock.GetUtcNow().Date.AddDays(-7);
        Result = await sessions.ListAsync(new DateTimeOffset(weekStart, TimeSpan.Zero), null, Q, PageNumber, 25, ct);
        CanWrite = await CanAsync(Permissions.TrainingWrite);
        if (CanWrite)
        {
            Rooms = (await rooms.ListAsync(ct)).Where(r => r.Active).ToList();
            Units = await organization.VisibleTreeAsync(false, ct);
            await using var connection = await dataSource.OpenScopedAsync(ct);
            Courses = (await Dapper.SqlMapper.QueryAsync<(Guid, string)>(connection,
                "SELECT id, code || ' · ' || title FROM learning.course_v WHERE status = 'published' ORDER BY code")).ToList();
            Instructors = (await Dapper.SqlMapper.QueryAsync<(Guid, string)>(connection, "SELECT id, name FROM learning.instructor_v WHERE active ORDER BY name")).ToList();
        }
    }
}
