package io.auditsearch.micronaut;

import io.auditsearch.client.AuditEventBuilder;
import io.auditsearch.client.Outcome;
import io.micronaut.aop.InterceptorBean;
import io.micronaut.aop.MethodInterceptor;
import io.micronaut.aop.MethodInvocationContext;
import io.micronaut.context.BeanContext;
import io.micronaut.core.annotation.AnnotationValue;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Records one event per call of an {@link Audited} method: success when it returns (or its
 * {@link CompletionStage} completes), failure with the exception's type and message when it throws,
 * the exception passed on untouched. Nothing here can fail the call: every step of recording is
 * guarded and only logged.
 */
@Singleton
@InterceptorBean(Audited.class)
class AuditedInterceptor implements MethodInterceptor<Object, Object> {

    private static final System.Logger LOG = System.getLogger(AuditedInterceptor.class.getName());
    private static final String RESULT = "result";

    private final RequestAudit audit;
    private final BeanContext beans;

    AuditedInterceptor(RequestAudit audit, BeanContext beans) {
        this.audit = audit;
        this.beans = beans;
    }

    /** What is read before the call. */
    private record Call(AuditedCall call, String resourceType, String resourceIdFrom, AuditChanges changes, Object before,
                        RequestFacts facts) {
    }

    @Override
    public Object intercept(MethodInvocationContext<Object, Object> context) {
        Call call = before(context);
        Object result;
        try {
            result = context.proceed();
        } catch (Throwable e) { // rethrown as it came, checked or not
            after(call, null, e);
            throw e;
        }
        if (result instanceof CompletionStage<?> stage) {
            return stage.whenComplete((value, error) -> after(call, value, error instanceof CompletionException c && c.getCause() != null
                    ? c.getCause() : error));
        }
        after(call, result, null);
        return result;
    }

    private Call before(MethodInvocationContext<Object, Object> context) {
        try {
            AnnotationValue<Audited> a = context.findAnnotation(Audited.class).orElseThrow();
            String action = a.stringValue("action").orElseThrow();
            String idFrom = a.stringValue("resourceId").orElse("");
            Map<String, Object> parameters = context.getParameterValueMap();
            String resourceId = idFrom.isEmpty() || idFrom.equals(RESULT) ? null
                    : parameters.containsKey(idFrom) ? string(parameters.get(idFrom)) : idFrom;
            AuditedCall call = new AuditedCall(action, resourceId, parameters);
            AuditChanges changes = a.classValue("changes").filter(c -> c != AuditChanges.class)
                    .map(c -> (AuditChanges) beans.getBean(c)).orElse(null);
            Object before = changes == null ? null : changes.before(call);
            return new Call(call, a.stringValue("resourceType").orElse(""), idFrom, changes, before, audit.facts());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "@Audited on " + context.getExecutableMethod() + ": the call is not recorded: " + e);
            return null;
        }
    }

    private void after(Call call, Object result, Throwable error) {
        if (call == null) {
            return;
        }
        try {
            AuditEventBuilder event = audit.event(call.call().action(), error == null ? Outcome.SUCCESS : Outcome.FAILURE, call.facts());
            String resourceId = RESULT.equals(call.resourceIdFrom()) ? string(result) : call.call().resourceId();
            if (!call.resourceType().isEmpty() || resourceId != null) {
                event.resource(call.resourceType().isEmpty() ? null : call.resourceType(), resourceId, null);
            }
            if (error != null) {
                event.error(error.getMessage(), null, error.getClass().getName());
            }
            if (call.changes() != null) {
                event.changes(call.before(), error == null ? call.changes().after(call.call(), result) : null);
            }
            audit.record(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "@Audited " + call.call().action() + ": the call is not recorded: " + e);
        }
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }
}
