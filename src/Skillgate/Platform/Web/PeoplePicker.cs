namespace Skillgate.Platform.Web;

/// <summary>
/// What the shared people picker needs: the course whose gaps it shows (or the id of the form's course select, when the course
/// is still being chosen), and the employee-number box it fills.
/// </summary>
internal sealed record PeoplePicker(Guid? CourseId, string TargetId, string? CourseSelectId = null);
