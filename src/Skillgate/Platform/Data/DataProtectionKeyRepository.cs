using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Skillgate.Platform.Data;

/// <summary>
/// Data-protection keys in PostgreSQL, so every app node can read every node's cookies.
/// The data source is resolved on first use: the key ring is configured before the database has started.
/// </summary>
internal sealed class DataProtectionKeyRepository(IServiceProvider services) : IXmlRepository
{
    private NpgsqlDataSource DataSource => services.GetRequiredService<NpgsqlDataSource>();

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var cmd = DataSource.CreateCommand("SELECT xml FROM platform.data_protection_key ORDER BY created_at");
        using var reader = cmd.ExecuteReader();
        var result = new List<XElement>();
        while (reader.Read())
        {
            result.Add(XElement.Parse(reader.GetString(0)));
        }

        return result;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var cmd = DataSource.CreateCommand(
            "INSERT INTO platform.data_protection_key (friendly_name, xml) VALUES (@n, @x) ON CONFLICT (friendly_name) DO NOTHING");
        cmd.Parameters.AddWithValue("n", friendlyName);
        cmd.Parameters.AddWithValue("x", element.ToString(SaveOptions.DisableFormatting));
        cmd.ExecuteNonQuery();
    }
}
