using System.Text;
using Microsoft.EntityFrameworkCore;

namespace RoadmapPrioritizer.Infrastructure.Persistence;

/// <summary>
/// snake_case column names, so hand-written SQL (reports, benchmarks, psql) needs no quoting.
/// Tables are named in each configuration; EFCore.NamingConventions is not in our registry.
/// </summary>
internal static class SnakeCaseColumns
{
    public static void Apply(ModelBuilder modelBuilder)
    {
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()))
        {
            property.SetColumnName(ToSnakeCase(property.Name));
        }
    }

    public static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
