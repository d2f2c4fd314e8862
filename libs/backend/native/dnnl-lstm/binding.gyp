# oneDNN LSTM addon for emosweep's FusedLSTM. Built by infra/native-tfjs.sh (into
# node_modules/.emosweep/dnnl-lstm, outside the source tree) against Debian's libdnnl-dev 2.6.
{
  'targets': [{
    'target_name': 'dnnl_lstm',
    'sources': ['dnnl_lstm.cc'],
    'cflags_cc!': ['-fno-exceptions', '-fno-rtti'],
    'cflags_cc': ['-std=c++17', '-O3', '-fexceptions', '-fopenmp'],
    'libraries': ['-ldnnl', '-fopenmp'],
    'defines': ['NAPI_VERSION=8'],
  }],
}
