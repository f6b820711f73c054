package org.unsilo.store;

import java.lang.annotation.Annotation;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import org.jdbi.v3.sqlobject.customizer.SqlStatementCustomizerFactory;
import org.jdbi.v3.sqlobject.customizer.SqlStatementCustomizingAnnotation;
import org.jdbi.v3.sqlobject.customizer.SqlStatementParameterCustomizer;
import org.unsilo.common.NameKey;

/**
 * Binds a contact's, an organisation's or a colleague's name as {@code :name} and its {@link NameKey} as
 * {@code :sortName}: a statement that writes a name cannot be handed the one without the other, so the stored key
 * always matches.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@SqlStatementCustomizingAnnotation(BindName.Factory.class)
public @interface BindName {

    final class Factory implements SqlStatementCustomizerFactory {

        @Override
        public SqlStatementParameterCustomizer createForParameter(Annotation annotation, Class<?> sqlObjectType, Method method,
                                                                  Parameter param, int index, Type type) {
            return (statement, value) -> {
                String name = (String) value;
                statement.bind("name", name).bind("sortName", NameKey.of(name));
            };
        }
    }
}
