using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Organization.Contracts;

/// <summary>The organization codes people see as texts (<see cref="TextVocabulary"/>).</summary>
internal static class OrganizationVocabularies
{
    public static readonly TextVocabulary EmployeeEvent = new("event", "exit", "hire", "leave", "position_change", "rehire", "return", "transfer");

    public static readonly TextVocabulary EmployeeStatus = new("status", "active", "exited", "on_leave");

    public static readonly TextVocabulary ImportStatus = new("import.status", "failed", "queued", "running", "succeeded");

    public static readonly TextVocabulary WorkerType = new("employees.worker_type", "agency", "contractor", "employee", "temporary");
}
