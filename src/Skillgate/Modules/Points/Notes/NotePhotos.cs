namespace Skillgate.Modules.Points.Notes;

internal static class NotePhotos
{
    /// <summary>A phone photo; larger files are refused before they are read.</summary>
    public const long MaxBytes = 10L * 1024 * 1024;
}
