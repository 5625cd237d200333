using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Workflow.Calendars;

internal static class CalendarEndpoints
{
    public static void MapCalendarEndpoints(this IEndpointRouteBuilder app)
    {
        var calendars = app.MapGroup("/api/v1/workflow/calendars").WithTags("Workflow: calendars and directors");
        calendars.MapGet("/", (CalendarHandler h, CancellationToken ct) => h.ListAsync(ct))
            .WithName("ListWorkingCalendars").WithSummary("Working calendars (hours, weekdays, holidays, make-up days); a unit uses its nearest one.").RequireAuthorization(Permissions.WorkflowRead);
        calendars.MapPost("/", async (CalendarInput input, CalendarHandler h, CancellationToken ct) => new { Id = await h.SaveAsync(null, input, ct) })
            .WithName("CreateWorkingCalendar").WithSummary("A calendar for an org unit and its subtree.").RequireAuthorization(Permissions.WorkflowDesign);
        calendars.MapPut("/{id:guid}", async (Guid id, CalendarInput input, CalendarHandler h, CancellationToken ct) => new { Id = await h.SaveAsync(id, input, ct) })
            .WithName("UpdateWorkingCalendar").WithSummary("Change a calendar's hours and weekdays (version for concurrency).").RequireAuthorization(Permissions.WorkflowDesign);
        calendars.MapPut("/{id:guid}/days", async (Guid id, CalendarDayInput input, CalendarHandler h, CancellationToken ct) =>
            {
                await h.SetDayAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .WithName("SetCalendarDay").WithSummary("Mark a holiday (working false) or a make-up working day (true).").RequireAuthorization(Permissions.WorkflowDesign);
        calendars.MapDelete("/{id:guid}/days/{day}", async (Guid id, DateOnly day, CalendarHandler h, CancellationToken ct) =>
            {
                await h.RemoveDayAsync(id, day, ct);
                return TypedResults.NoContent();
            })
            .WithName("RemoveCalendarDay").WithSummary("Make a day ordinary again.").RequireAuthorization(Permissions.WorkflowDesign);
        var directors = app.MapGroup("/api/v1/workflow/directors").WithTags("Workflow: calendars and directors");
        directors.MapGet("/", (CalendarHandler h, CancellationToken ct) => h.DirectorsAsync(ct))
            .WithName("ListFunctionDirectors").WithSummary("Who heads each department function for an org unit's subtree (the end of escalation chains).").RequireAuthorization(Permissions.WorkflowRead);
        directors.MapPut("/", async (DirectorInput input, CalendarHandler h, CancellationToken ct) =>
            {
                await h.SetDirectorAsync(input, ct);
                return TypedResults.NoContent();
            })
            .WithName("SetFunctionDirector").WithSummary("Name the director of a function for an org unit.").RequireAuthorization(Permissions.WorkflowDesign);
        directors.MapDelete("/{orgUnitId:guid}/{function}", async (Guid orgUnitId, string function, CalendarHandler h, CancellationToken ct) =>
            {
                await h.RemoveDirectorAsync(orgUnitId, function, ct);
                return TypedResults.NoContent();
            })
            .WithName("RemoveFunctionDirector").WithSummary("Remove a director.").RequireAuthorization(Permissions.WorkflowDesign);
    }
}
