using System.Globalization;

namespace Skillgate.Platform.Localization;

/// <summary>Sets the current (UI) culture to a reader's language until disposed: texts composed for someone else, such as a notification, read in theirs.</summary>
internal static class ReadersCulture
{
    public static IDisposable Enter(string culture) => new Scope(CultureInfo.GetCultureInfo(culture));

    private sealed class Scope : IDisposable
    {
        private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
        private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

        public Scope(CultureInfo culture)
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
        }

        public void Dispose()
        {
            CultureInfo.CurrentCulture = _culture;
            CultureInfo.CurrentUICulture = _uiCulture;
        }
    }
}
