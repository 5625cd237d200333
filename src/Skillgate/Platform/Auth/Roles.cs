namespace Skillgate.Platform.Auth;

internal static class Roles
{
    public const string Administrator = "Administrator";
    public const string HR = "HR";
    public const string QA = "QA";
    public const string ProductionManager = "ProductionManager";
    public const string DepartmentHead = "DepartmentHead";
    public const string Instructor = "Instructor";
    public const string Employee = "Employee";
    public const string Sales = "Sales";

    public static readonly IReadOnlyList<string> All =
        [Administrator, HR, QA, ProductionManager, DepartmentHead, Instructor, Employee, Sales];
}

internal static class SkillgateClaims
{
    public const string UserId = "sg:uid";
    public const string EmployeeId = "sg:eid";
    public const string Stamp = "sg:stamp";
    public const string SignIn = "sg:sid";
    public const string ApiScope = "sg:api_scope";
    public const string ApiKeyId = "sg:key";
    public const string ApiKeyOwner = "sg:key_owner";
    public const string ScopeUnit = "sg:scope_unit";
}
