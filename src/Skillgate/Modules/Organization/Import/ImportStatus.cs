namespace Skillgate.Modules.Organization.Import;

internal static class ImportStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}
