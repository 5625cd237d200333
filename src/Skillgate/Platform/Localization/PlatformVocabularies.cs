namespace Skillgate.Platform.Localization;

/// <summary>The platform codes people see as texts (<see cref="TextVocabulary"/>).</summary>
internal static class PlatformVocabularies
{
    public static readonly TextVocabulary Role = new("role", "Administrator", "DepartmentHead", "Employee", "HR", "Instructor", "ProductionManager", "QA", "Sales");
}
