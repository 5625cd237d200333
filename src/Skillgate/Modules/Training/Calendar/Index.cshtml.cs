using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Training.Contracts;
using Skillgate.Modules.Training.Rooms;
using Skillgate.Modules.Training.Sessions;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Training.Calendar;

/// <summary>Week and month calendars of sessions, for an org unit, an instructor or a room.</summary>
[Authorize(Policy = Permissions.TrainingRead)]
internal sealed class IndexModel(SessionQueries sessions, RoomHandler rooms, IOrganizationDirectory organization, Npgsql.NpgsqlDataSource dataSource, TimeProvider clock)
    : SkillgatePage
{
    [BindProperty(SupportsGet = true)]
    public string View { get; set; } = "week";

    [BindProperty(SupportsGet = true)]
    public DateOnly? Date { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? RoomId { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? InstructorId { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? OrgUnitId { get; set; }

    public DateOnly First { get; private set; }

    public int Days { get; private set; }

    public IReadOnlyList<SessionSummary> Sessions { get; private set; } = [];

    public IReadOnlyList<RoomDto> Rooms { get; private set; } = [];

    public IReadOnlyList<OrgUnitDto> Units { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Name)> Instructors { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var day = Date ?? DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        if (View == "month")
        {
            var monthStart = new DateOnly(day.Year, day.Month, 1);
            First = monthStart.AddDays(-(((int)monthStart.DayOfWeek + 6) % 7));
            Days = (int)Math.Ceiling((monthStart.AddMonths(1).DayNumber - First.DayNumber) / 7.0) * 7;
        }
        else
        {
            View = "week";
            First = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
            Days = 7;
        }

        Sessions = await sessions.CalendarAsync(Local(First), Local(First.AddDays(Days)), RoomId, InstructorId, OrgUnitId, ct);
        Rooms = await rooms.ListAsync(ct);
        Units = await organization.VisibleTreeAsync(false, ct);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        Instructors = (await Dapper.SqlMapper.QueryAsync<(Guid, string)>(connection, "SELECT id, name FROM learning.instructor_v WHERE active ORDER BY name")).ToList();
    }

    public IEnumerable<SessionSummary> On(DateOnly day) => Sessions.Where(s => DateOnly.FromDateTime(s.StartsAt.ToLocalTime().DateTime) == day);

    public string Link(DateOnly date, string view) => $"/Training/Calendar?view={view}&date={date:yyyy-MM-dd}&roomId={RoomId}&instructorId={InstructorId}&orgUnitId={OrgUnitId}";

    private static DateTimeOffset Local(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Local));
}
