namespace Skillgate.Platform.Web;

/// <summary>What the shared people picker needs: the course whose gaps it shows, and the employee-number box it fills.</summary>
internal sealed record PeoplePicker(Guid CourseId, string TargetId);
